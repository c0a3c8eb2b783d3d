package operator

import "strings"

// expansion turns one handler permission of a resource into the requests
// the handler makes: one per policy a principal attaches (with
// iam:PolicyARN, which policies commonly test), one per role it passes to
// a service (with iam:PassedToService). No item, no request: a handler
// does not attach or pass what the template does not name.
type expansion func(r *resource) []Need

var expansions = map[string]map[string]expansion{
	"AWS::IAM::Role": {
		"iam:attachrolepolicy": attach("iam:AttachRolePolicy"),
		"iam:detachrolepolicy": attach("iam:DetachRolePolicy"),
	},
	"AWS::IAM::Group": {
		"iam:attachgrouppolicy": attach("iam:AttachGroupPolicy"),
		"iam:detachgrouppolicy": attach("iam:DetachGroupPolicy"),
	},
	"AWS::IAM::User": {
		"iam:attachuserpolicy":    attach("iam:AttachUserPolicy"),
		"iam:detachuserpolicy":    attach("iam:DetachUserPolicy"),
		"iam:addusertogroup":      members("iam:AddUserToGroup", "Groups", "group"),
		"iam:removeuserfromgroup": members("iam:RemoveUserFromGroup", "Groups", "group"),
	},
	"AWS::IAM::ManagedPolicy": {
		"iam:attachrolepolicy":  attachedTo("iam:AttachRolePolicy", "Roles", "role"),
		"iam:detachrolepolicy":  attachedTo("iam:DetachRolePolicy", "Roles", "role"),
		"iam:attachgrouppolicy": attachedTo("iam:AttachGroupPolicy", "Groups", "group"),
		"iam:detachgrouppolicy": attachedTo("iam:DetachGroupPolicy", "Groups", "group"),
		"iam:attachuserpolicy":  attachedTo("iam:AttachUserPolicy", "Users", "user"),
		"iam:detachuserpolicy":  attachedTo("iam:DetachUserPolicy", "Users", "user"),
	},
	"AWS::IAM::InstanceProfile":   {"iam:passrole": passes("ec2.amazonaws.com", "Roles")},
	"AWS::CodeBuild::Project":     {"iam:passrole": passes("codebuild.amazonaws.com", "ServiceRole")},
	"AWS::CodePipeline::Pipeline": {"iam:passrole": passes("codepipeline.amazonaws.com", "RoleArn"), "iam:getrole": reads("RoleArn")},
	"AWS::Events::Rule":           {"iam:passrole": passes("events.amazonaws.com", "Targets.RoleArn")},
	"AWS::CloudTrail::Trail": {"iam:passrole": passes("cloudtrail.amazonaws.com", "CloudWatchLogsRoleArn"),
		"iam:getrole": reads("CloudWatchLogsRoleArn")},
}

// attach: a principal's handler attaches each of its ManagedPolicyArns.
func attach(action string) expansion {
	return func(r *resource) []Need {
		var out []Need
		for _, p := range r.values("ManagedPolicyArns") {
			out = append(out, Need{Action: action, Resource: r.arn(), Context: map[string]string{"iam:PolicyARN": p}})
		}
		return out
	}
}

// attachedTo: a managed policy's handler attaches it to each principal
// it names.
func attachedTo(action, prop, kind string) expansion {
	return func(r *resource) []Need {
		var out []Need
		for _, name := range r.values(prop) {
			out = append(out, Need{Action: action, Resource: r.t.iamEntity(kind, name),
				Context: map[string]string{"iam:PolicyARN": r.arn()}})
		}
		return out
	}
}

// members: a user's handler adds it to (or removes it from) each group.
func members(action, prop, kind string) expansion {
	return func(r *resource) []Need {
		var out []Need
		for _, name := range r.values(prop) {
			out = append(out, Need{Action: action, Resource: r.t.iamEntity(kind, name)})
		}
		return out
	}
}

// passes: the handler passes each role the property names to service.
// "Targets.RoleArn" is RoleArn in each item of the list Targets.
func passes(service, prop string) expansion {
	return func(r *resource) []Need {
		var out []Need
		for _, role := range r.roles(prop) {
			out = append(out, Need{Action: "iam:PassRole", Resource: r.t.iamEntity("role", role),
				Context: map[string]string{"iam:PassedToService": service}})
		}
		return out
	}
}

// reads: the handler reads each role the property names.
func reads(prop string) expansion {
	return func(r *resource) []Need {
		var out []Need
		for _, role := range r.roles(prop) {
			out = append(out, Need{Action: "iam:GetRole", Resource: r.t.iamEntity("role", role)})
		}
		return out
	}
}

// roles are the roles a property names, by name or ARN.
func (r *resource) roles(prop string) []string {
	var roles []string
	if list, field, ok := strings.Cut(prop, "."); ok {
		items, _ := r.props[list].([]any)
		for _, it := range items {
			if m, ok := it.(map[string]any); ok {
				if v, ok := m[field]; ok {
					roles = append(roles, r.t.str(v, 0))
				}
			}
		}
	} else if v, ok := r.props[prop]; ok {
		if list, ok := v.([]any); ok {
			for _, it := range list {
				roles = append(roles, r.t.str(it, 0))
			}
		} else {
			roles = append(roles, r.t.str(v, 0))
		}
	}
	return roles
}

// iamEntity is the ARN of an IAM user, group or role given by name or ARN.
func (t *tmpl) iamEntity(kind, nameOrARN string) string {
	if strings.HasPrefix(nameOrARN, "arn:") {
		return nameOrARN
	}
	if nameOrARN == "*" {
		return "arn:aws:iam::" + t.env.Account + ":" + kind + "/*"
	}
	return "arn:aws:iam::" + t.env.Account + ":" + kind + "/" + nameOrARN
}
