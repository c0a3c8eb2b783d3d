package principals

import (
	"strings"
)

// Workload is a resource of the workspace that runs code with a role's
// permissions: a Lambda function, a CodeBuild project, an EC2 instance, an
// Auto Scaling group's launch template, a Glue job or development
// endpoint, a SageMaker notebook, an App Runner service, an AgentCore code
// interpreter. Whoever can change what it runs, or get into it, acts as
// that role. The templates declare it, so it exists once they are
// deployed: escalation counts it as existing.
type Workload struct {
	Type      string // the CloudFormation type of the resource the techniques act on
	ARN       string // that resource's ARN; ids known only after deployment are the logical id
	Role      string // the role it runs as: an ARN or a role name
	Profile   string // EC2: the instance profile (name or ARN) that holds the role
	Admin     string // a stack set: its administration role, which the caller passes
	Account   string
	File      string
	LogicalID string
}

// workloadTechnique is one way to run one's own code as a workload's role:
// every action must be allowed on its resource ("" is the workload's ARN,
// "*" any resource, as for a create whose name the attacker chooses;
// {region} is the workload's region, {role} the role it runs as, {admin}
// a stack set's administration role).
type workloadTechnique struct {
	technique string
	actions   [][2]string
	detail    string // how, %s the workload's ARN
}

// workloadTechniques are the techniques on workloads, by the type of the
// resource they act on, with their pathfinding.cloud ids in docs/iam-eval.md.
var workloadTechniques = map[string][]workloadTechnique{
	"AWS::Lambda::Function": {
		{"lambda:UpdateFunctionCode", [][2]string{{"lambda:UpdateFunctionCode", ""}}, "replace the code of %s"},
	},
	"AWS::CodeBuild::Project": {
		{"codebuild:StartBuild", [][2]string{{"codebuild:StartBuild", ""}}, "start a build of %s with a buildspec of its own (an override)"},
		{"codebuild:StartBuildBatch", [][2]string{{"codebuild:StartBuildBatch", ""}}, "start a batch build of %s with a buildspec of its own"},
	},
	"AWS::EC2::Instance": {
		{"ssm:StartSession", [][2]string{{"ssm:StartSession", ""}}, "open a Session Manager shell on %s"},
		{"ssm:SendCommand", [][2]string{{"ssm:SendCommand", ""}, {"ssm:SendCommand", "arn:aws:ssm:{region}::document/AWS-RunShellScript"}}, "run a shell command (AWS-RunShellScript) on %s"},
		{"ec2-instance-connect:SendSSHPublicKey", [][2]string{{"ec2-instance-connect:SendSSHPublicKey", ""}}, "push its SSH key to %s, then log in"},
		{"ec2:ModifyInstanceAttribute", [][2]string{{"ec2:StopInstances", ""}, {"ec2:ModifyInstanceAttribute", ""}, {"ec2:StartInstances", ""}}, "stop %s, replace its user data, start it"},
	},
	"AWS::EC2::LaunchTemplate": {
		{"ec2:CreateLaunchTemplateVersion+ec2:ModifyLaunchTemplate", [][2]string{{"ec2:CreateLaunchTemplateVersion", ""}, {"ec2:ModifyLaunchTemplate", ""}}, "make a new default version of %s with user data of its own, which its Auto Scaling group launches"},
	},
	"AWS::Glue::DevEndpoint": {
		{"glue:UpdateDevEndpoint", [][2]string{{"glue:UpdateDevEndpoint", ""}}, "add its SSH key to %s"},
	},
	"AWS::Glue::Job": {
		// UpdateJob replaces the whole job definition, its role with it:
		// the caller passes the role again.
		{"iam:PassRole+glue:UpdateJob+glue:StartJobRun", [][2]string{{"iam:PassRole", "{role}"}, {"glue:UpdateJob", ""}, {"glue:StartJobRun", ""}}, "replace the script of %s, then run it"},
		{"iam:PassRole+glue:UpdateJob+glue:CreateTrigger", [][2]string{{"iam:PassRole", "{role}"}, {"glue:UpdateJob", ""}, {"glue:CreateTrigger", "*"}}, "replace the script of %s, then trigger it"},
	},
	"AWS::SageMaker::NotebookInstance": {
		{"sagemaker:CreatePresignedNotebookInstanceUrl", [][2]string{{"sagemaker:CreatePresignedNotebookInstanceUrl", ""}}, "open the Jupyter terminal of %s"},
		{"sagemaker:CreateNotebookInstanceLifecycleConfig+sagemaker:UpdateNotebookInstance", [][2]string{
			{"sagemaker:CreateNotebookInstanceLifecycleConfig", "*"}, {"sagemaker:StopNotebookInstance", ""},
			{"sagemaker:UpdateNotebookInstance", ""}, {"sagemaker:StartNotebookInstance", ""}}, "give %s a lifecycle script of its own, and restart it"},
	},
	"AWS::AppRunner::Service": {
		{"apprunner:UpdateService", [][2]string{{"apprunner:UpdateService", ""}}, "point %s at an image or start command of its own"},
	},
	"AWS::CloudFormation::StackSet": {
		{"iam:PassRole+cloudformation:UpdateStackSet", [][2]string{{"iam:PassRole", "{admin}"}, {"cloudformation:UpdateStackSet", ""}}, "replace the template of %s, whose stacks are made"},
	},
	"AWS::BedrockAgentCore::CodeInterpreter": {
		{"bedrock-agentcore:StartCodeInterpreterSession", [][2]string{{"bedrock-agentcore:StartCodeInterpreterSession", ""}, {"bedrock-agentcore:InvokeCodeInterpreter", ""}}, "run code of its own in %s"},
	},
}

// workloadARN is the ARN of a workload resource of type typ, named name;
// the logical id id stands for what AWS makes at deployment (an instance
// or launch-template id, a service's id).
func workloadARN(typ, region, acct, name, id string) string {
	pre := ":" + region + ":" + acct + ":"
	switch typ {
	case "AWS::CodeBuild::Project":
		return "arn:aws:codebuild" + pre + "project/" + name
	case "AWS::EC2::Instance":
		return "arn:aws:ec2" + pre + "instance/" + name
	case "AWS::EC2::LaunchTemplate":
		return "arn:aws:ec2" + pre + "launch-template/" + name
	case "AWS::Glue::DevEndpoint":
		return "arn:aws:glue" + pre + "devEndpoint/" + name
	case "AWS::Glue::Job":
		return "arn:aws:glue" + pre + "job/" + name
	case "AWS::SageMaker::NotebookInstance":
		return "arn:aws:sagemaker" + pre + "notebook-instance/" + strings.ToLower(name)
	case "AWS::AppRunner::Service":
		return "arn:aws:apprunner" + pre + "service/" + name + "/" + id // service/NAME/ID
	case "AWS::BedrockAgentCore::CodeInterpreter":
		return "arn:aws:bedrock-agentcore" + pre + "code-interpreter-custom/" + name
	case "AWS::CloudFormation::StackSet":
		return "arn:aws:cloudformation" + pre + "stackset/" + name + ":" + id // stackset/NAME:ID
	}
	return ""
}

// workloadNames are, by type, the property that names the resource ("" when
// AWS makes the id at deployment, the logical id standing for it) and the
// path to the role it runs as.
var workloadNames = map[string]struct {
	name string
	role []string
}{
	"AWS::CodeBuild::Project":                {"Name", []string{"ServiceRole"}},
	"AWS::EC2::Instance":                     {"", []string{"IamInstanceProfile"}},
	"AWS::EC2::LaunchTemplate":               {"", []string{"LaunchTemplateData", "IamInstanceProfile"}},
	"AWS::Glue::DevEndpoint":                 {"EndpointName", []string{"RoleArn"}},
	"AWS::Glue::Job":                         {"Name", []string{"Role"}},
	"AWS::SageMaker::NotebookInstance":       {"NotebookInstanceName", []string{"RoleArn"}},
	"AWS::AppRunner::Service":                {"ServiceName", []string{"InstanceConfiguration", "InstanceRoleArn"}},
	"AWS::BedrockAgentCore::CodeInterpreter": {"", []string{"ExecutionRoleArn"}},
	"AWS::CloudFormation::StackSet":          {"StackSetName", []string{"ExecutionRoleName"}},
}

// loadWorkload records a workload resource with the role it runs as. A
// launch template counts only when an Auto Scaling group of the workspace
// launches it (usedTemplates, by logical id).
func (w *Model) loadWorkload(r *resolver, typ, id string, p map[string]any, usedTemplates map[string]bool, warn func(string, string)) {
	spec := workloadNames[typ]
	if typ == "AWS::EC2::LaunchTemplate" && !usedTemplates[id] {
		return
	}
	var v any = p
	for _, k := range spec.role {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	if typ == "AWS::CloudFormation::StackSet" {
		// A self-managed stack set: its administration role assumes the
		// execution role (by default AWSCloudFormationStackSetExecutionRole)
		// in the accounts it deploys to; a service-managed one is
		// CloudFormation's own.
		if pm, _ := r.str(p["PermissionModel"]); pm == "SERVICE_MANAGED" {
			return
		}
		if v == nil {
			v = "AWSCloudFormationStackSetExecutionRole"
		}
	}
	if v == nil {
		return // runs as no role
	}
	wl := &Workload{Type: typ, ARN: r.arns[id], Account: r.src.Account, File: r.src.File, LogicalID: id}
	field := strings.Join(spec.role, ".")
	if typ == "AWS::EC2::LaunchTemplate" {
		m, _ := v.(map[string]any) // IamInstanceProfile: {Arn} or {Name}
		if m["Arn"] != nil {
			v = m["Arn"]
		} else {
			v = m["Name"]
		}
	}
	s, err := r.str(v)
	if err != nil {
		warn(field, err.Error()+"; the escalation techniques on it are left out")
		return
	}
	switch typ {
	case "AWS::EC2::Instance", "AWS::EC2::LaunchTemplate":
		wl.Profile = s
	case "AWS::CloudFormation::StackSet":
		wl.Role = s
		admin, err := r.str(p["AdministrationRoleARN"])
		if err != nil || admin == "" {
			admin = "arn:aws:iam::" + r.src.Account + ":role/AWSCloudFormationStackSetAdministrationRole"
		}
		wl.Admin = admin
	default:
		wl.Role = s
	}
	w.Workloads = append(w.Workloads, wl)
}

// launchTemplatesUsed are the logical ids of the launch templates that an
// Auto Scaling group of the template launches (by Ref in LaunchTemplateId,
// or by LaunchTemplateName).
func launchTemplatesUsed(r *resolver, resources map[string]any) map[string]bool {
	out := map[string]bool{}
	byName := map[string]string{}
	for id, res := range resources {
		m, _ := res.(map[string]any)
		if t, _ := m["Type"].(string); t == "AWS::EC2::LaunchTemplate" {
			if n, err := r.str(props(m)["LaunchTemplateName"]); err == nil && n != "" {
				byName[n] = id
			}
		}
	}
	for _, res := range resources {
		m, _ := res.(map[string]any)
		if t, _ := m["Type"].(string); t != "AWS::AutoScaling::AutoScalingGroup" {
			continue
		}
		lt, _ := props(m)["LaunchTemplate"].(map[string]any)
		if lt == nil {
			continue
		}
		if ref, ok := lt["LaunchTemplateId"].(map[string]any); ok {
			if id, ok := ref["Ref"].(string); ok {
				out[id] = true
			}
			switch g := ref["Fn::GetAtt"].(type) {
			case []any:
				if id, ok := g[0].(string); ok && len(g) == 2 {
					out[id] = true
				}
			case string:
				id, _, _ := strings.Cut(g, ".")
				out[id] = true
			}
		}
		if n, err := r.str(lt["LaunchTemplateName"]); err == nil && byName[n] != "" {
			out[byName[n]] = true
		}
	}
	return out
}

// workloadRole is the role a workload runs as, when the workspace has it.
func (w *Model) workloadRole(wl *Workload) *Principal {
	if wl.Role != "" {
		if p := w.byARN[wl.Role]; p != nil {
			return p
		}
		return w.roleNamed(wl.Account, wl.Role)
	}
	name := wl.Profile[strings.LastIndex(wl.Profile, "/")+1:]
	for _, p := range w.Principals {
		if p.Kind != Role || p.Account != wl.Account {
			continue
		}
		for _, prof := range p.Profiles {
			if prof == wl.Profile || strings.HasSuffix(prof, "/"+name) {
				return p
			}
		}
	}
	return nil
}

// roleNamed is the role of account with the name (a role's name is unique
// in its account, whatever its path).
func (w *Model) roleNamed(account, name string) *Principal {
	if strings.HasPrefix(name, "arn:") {
		return nil
	}
	for _, p := range w.Principals {
		if p.Kind == Role && p.Account == account && p.Name == name {
			return p
		}
	}
	return nil
}

// requests are the (action, resource) pairs the technique asks on wl,
// which runs as role.
func (t workloadTechnique) requests(wl *Workload, role string) [][2]string {
	region := ""
	if parts := strings.SplitN(wl.ARN, ":", 5); len(parts) == 5 {
		region = parts[3]
	}
	out := make([][2]string, len(t.actions))
	for i, a := range t.actions {
		switch {
		case a[1] == "":
			a[1] = wl.ARN
		default:
			a[1] = strings.NewReplacer("{region}", region, "{role}", role, "{admin}", wl.Admin).Replace(a[1])
		}
		out[i] = a
	}
	return out
}

// eventSources are the resource types a Lambda event source mapping reads:
// a function mapped to one runs whenever records arrive.
var eventSources = map[string]bool{
	"AWS::Kinesis::Stream": true, "AWS::SQS::Queue": true, "AWS::MSK::Cluster": true,
	"AWS::DynamoDB::Table": true, // with a StreamSpecification
}

// hasEventSource says whether the workspace declares an event source in
// account.
func (w *Model) hasEventSource(account string) bool { return w.eventSources[account] }

// loadEventSource notes that the template declares an event source.
func (w *Model) loadEventSource(typ, account string, p map[string]any) {
	if typ == "AWS::DynamoDB::Table" && p["StreamSpecification"] == nil {
		return
	}
	if w.eventSources == nil {
		w.eventSources = map[string]bool{}
	}
	w.eventSources[account] = true
}
