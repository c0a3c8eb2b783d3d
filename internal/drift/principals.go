package drift

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/landform/landform/internal/diff"
)

// live is a principal as IAM holds it.
type live struct {
	inline   map[string]any
	managed  map[string]bool
	boundary string
	trust    any
	tags     map[string]string
	groups   map[string]bool // user
	members  map[string]bool // group
	keys     map[string]bool // user
	login    bool            // user
}

// readInline reads the named inline policies with get.
func (l *live) readInline(names []string, get func(name string) (*string, error)) error {
	for _, n := range names {
		doc, err := get(n)
		if err != nil {
			return err
		}
		if l.inline[n], err = decodeDocument(aws.ToString(doc)); err != nil {
			return fmt.Errorf("inline policy %s: %w", n, err)
		}
	}
	return nil
}

// readPrincipal reads a role, group or user; nil when it is gone.
func readPrincipal(ctx context.Context, c Clients, p *Principal) (*live, error) {
	l := &live{inline: map[string]any{}, managed: map[string]bool{}, tags: map[string]string{},
		groups: map[string]bool{}, members: map[string]bool{}, keys: map[string]bool{}}
	name := aws.String(p.Name)
	var err error
	switch p.Kind {
	case "role":
		out, e := c.IAM.GetRole(ctx, &iam.GetRoleInput{RoleName: name})
		if e != nil {
			return nil, e
		}
		if b := out.Role.PermissionsBoundary; b != nil {
			l.boundary = aws.ToString(b.PermissionsBoundaryArn)
		}
		if l.trust, err = decodeDocument(aws.ToString(out.Role.AssumeRolePolicyDocument)); err != nil {
			return nil, fmt.Errorf("trust policy: %w", err)
		}
		var names []string
		for pg := iam.NewListRolePoliciesPaginator(c.IAM, &iam.ListRolePoliciesInput{RoleName: name}); pg.HasMorePages(); {
			o, e := pg.NextPage(ctx)
			if e != nil {
				return nil, e
			}
			names = append(names, o.PolicyNames...)
		}
		if err := l.readInline(names, func(n string) (*string, error) {
			o, e := c.IAM.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: name, PolicyName: aws.String(n)})
			if e != nil {
				return nil, e
			}
			return o.PolicyDocument, nil
		}); err != nil {
			return nil, err
		}
		for pg := iam.NewListAttachedRolePoliciesPaginator(c.IAM, &iam.ListAttachedRolePoliciesInput{RoleName: name}); pg.HasMorePages(); {
			o, e := pg.NextPage(ctx)
			if e != nil {
				return nil, e
			}
			for _, a := range o.AttachedPolicies {
				l.managed[aws.ToString(a.PolicyArn)] = true
			}
		}
		for pg := iam.NewListRoleTagsPaginator(c.IAM, &iam.ListRoleTagsInput{RoleName: name}); pg.HasMorePages(); {
			o, e := pg.NextPage(ctx)
			if e != nil {
				return nil, e
			}
			for _, t := range o.Tags {
				l.tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
			}
		}
	case "group":
		for pg := iam.NewGetGroupPaginator(c.IAM, &iam.GetGroupInput{GroupName: name}); pg.HasMorePages(); {
			o, e := pg.NextPage(ctx)
			if e != nil {
				return nil, e
			}
			for _, u := range o.Users {
				l.members[aws.ToString(u.UserName)] = true
			}
		}
		var names []string
		for pg := iam.NewListGroupPoliciesPaginator(c.IAM, &iam.ListGroupPoliciesInput{GroupName: name}); pg.HasMorePages(); {
			o, e := pg.NextPage(ctx)
			if e != nil {
				return nil, e
			}
			names = append(names, o.PolicyNames...)
		}
		if err := l.readInline(names, func(n string) (*string, error) {
			o, e := c.IAM.GetGroupPolicy(ctx, &iam.GetGroupPolicyInput{GroupName: name, PolicyName: aws.String(n)})
			if e != nil {
				return nil, e
			}
			return o.PolicyDocument, nil
		}); err != nil {
			return nil, err
		}
		for pg := iam.NewListAttachedGroupPoliciesPaginator(c.IAM, &iam.ListAttachedGroupPoliciesInput{GroupName: name}); pg.HasMorePages(); {
			o, e := pg.NextPage(ctx)
			if e != nil {
				return nil, e
			}
			for _, a := range o.AttachedPolicies {
				l.managed[aws.ToString(a.PolicyArn)] = true
			}
		}
	case "user":
		out, e := c.IAM.GetUser(ctx, &iam.GetUserInput{UserName: name})
		if e != nil {
			return nil, e
		}
		if b := out.User.PermissionsBoundary; b != nil {
			l.boundary = aws.ToString(b.PermissionsBoundaryArn)
		}
		var names []string
		for pg := iam.NewListUserPoliciesPaginator(c.IAM, &iam.ListUserPoliciesInput{UserName: name}); pg.HasMorePages(); {
			o, e := pg.NextPage(ctx)
			if e != nil {
				return nil, e
			}
			names = append(names, o.PolicyNames...)
		}
		if err := l.readInline(names, func(n string) (*string, error) {
			o, e := c.IAM.GetUserPolicy(ctx, &iam.GetUserPolicyInput{UserName: name, PolicyName: aws.String(n)})
			if e != nil {
				return nil, e
			}
			return o.PolicyDocument, nil
		}); err != nil {
			return nil, err
		}
		for pg := iam.NewListAttachedUserPoliciesPaginator(c.IAM, &iam.ListAttachedUserPoliciesInput{UserName: name}); pg.HasMorePages(); {
			o, e := pg.NextPage(ctx)
			if e != nil {
				return nil, e
			}
			for _, a := range o.AttachedPolicies {
				l.managed[aws.ToString(a.PolicyArn)] = true
			}
		}
		for pg := iam.NewListGroupsForUserPaginator(c.IAM, &iam.ListGroupsForUserInput{UserName: name}); pg.HasMorePages(); {
			o, e := pg.NextPage(ctx)
			if e != nil {
				return nil, e
			}
			for _, g := range o.Groups {
				l.groups[aws.ToString(g.GroupName)] = true
			}
		}
		for pg := iam.NewListUserTagsPaginator(c.IAM, &iam.ListUserTagsInput{UserName: name}); pg.HasMorePages(); {
			o, e := pg.NextPage(ctx)
			if e != nil {
				return nil, e
			}
			for _, t := range o.Tags {
				l.tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
			}
		}
		for pg := iam.NewListAccessKeysPaginator(c.IAM, &iam.ListAccessKeysInput{UserName: name}); pg.HasMorePages(); {
			o, e := pg.NextPage(ctx)
			if e != nil {
				return nil, e
			}
			for _, k := range o.AccessKeyMetadata {
				l.keys[aws.ToString(k.AccessKeyId)] = true
			}
		}
		if _, e := c.IAM.GetLoginProfile(ctx, &iam.GetLoginProfileInput{UserName: name}); e == nil {
			l.login = true
		} else if !notFound(e) {
			return nil, e
		}
	}
	for k := range l.tags {
		if strings.HasPrefix(k, "aws:") {
			delete(l.tags, k) // AWS's own tags (aws:cloudformation:…) are not the template's
		}
	}
	return l, nil
}

// principal compares one role, group or user with IAM. inStack reports
// whether a group or user (by kind/name) belongs to the stack, so a
// membership is reported once, on the stack's side.
func principal(ctx context.Context, c Clients, p *Principal, inStack func(kind, name string) bool) ([]Finding, error) {
	l, err := readPrincipal(ctx, c, p)
	if notFound(err) {
		return []Finding{{Severity: Medium, LogicalID: p.LogicalID, Type: p.Type, PhysicalID: p.Name, Kind: "deleted",
			Detail: fmt.Sprintf("%s %s was deleted outside CloudFormation", p.Kind, p.Name), Expected: "exists", Actual: "gone",
			NotRepairable: "CloudFormation believes it exists and will not create it again: remove it from the config and deploy, then put it back and deploy again"}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s %s: %w", p.Kind, p.Name, err)
	}
	f := finder{p: p}
	k, flag := p.Kind, "--"+p.Kind+"-name"
	name := p.Name
	if _, skip := p.skip["managed"]; !skip {
		for _, arn := range sortedKeys(l.managed) {
			if !p.Managed[arn] {
				f.add(High, "managed-policy-attached", "managed policy "+arn+" attached outside the stack", listNames(p.Managed), listNames(l.managed),
					command("iam", "detach-"+k+"-policy", flag, name, "--policy-arn", arn), detachFn(k, name, arn))
			}
		}
		for _, arn := range sortedKeys(p.Managed) {
			if !l.managed[arn] {
				f.add(Medium, "managed-policy-detached", "managed policy "+arn+" detached outside the stack", listNames(p.Managed), listNames(l.managed),
					command("iam", "attach-"+k+"-policy", flag, name, "--policy-arn", arn), attachFn(k, name, arn))
			}
		}
	}
	if _, skip := p.skip["inline"]; !skip {
		for _, n := range sortedKeys(l.inline) {
			want, ok := p.Inline[n]
			switch {
			case !ok:
				f.add(High, "inline-policy-added", "inline policy "+n+" put outside the stack: "+strings.Join(allows(l.inline[n]), "; "), "(none)", compactJSON(l.inline[n]),
					command("iam", "delete-"+k+"-policy", flag, name, "--policy-name", n), deleteInlineFn(k, name, n))
			case !samePolicy(want, l.inline[n]):
				sev, detail := policyChange("inline policy "+n, want, l.inline[n])
				doc := compactJSON(want)
				f.add(sev, "inline-policy-changed", detail, doc, compactJSON(l.inline[n]),
					command("iam", "put-"+k+"-policy", flag, name, "--policy-name", n, "--policy-document", doc), putInlineFn(k, name, n, doc))
			}
		}
		for _, n := range sortedKeys(p.Inline) {
			if _, ok := l.inline[n]; !ok {
				doc := compactJSON(p.Inline[n])
				f.add(Medium, "inline-policy-removed", "inline policy "+n+" deleted outside the stack", doc, "(none)",
					command("iam", "put-"+k+"-policy", flag, name, "--policy-name", n, "--policy-document", doc), putInlineFn(k, name, n, doc))
			}
		}
	}
	if _, skip := p.skip["trust"]; !skip && p.Kind == "role" && !samePolicy(p.Trust, l.trust) {
		sev, detail := policyChange("trust policy", p.Trust, l.trust)
		doc := compactJSON(p.Trust)
		f.add(sev, "trust-policy-changed", detail, doc, compactJSON(l.trust),
			command("iam", "update-assume-role-policy", "--role-name", name, "--policy-document", doc), func(ctx context.Context, c Clients) error {
				_, err := c.IAM.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String(name), PolicyDocument: aws.String(doc)})
				return err
			})
	}
	if _, skip := p.skip["boundary"]; !skip && p.Kind != "group" && p.Boundary != l.boundary {
		switch {
		case l.boundary == "":
			f.add(High, "boundary-removed", "permissions boundary removed outside the stack", p.Boundary, "(none)",
				command("iam", "put-"+k+"-permissions-boundary", flag, name, "--permissions-boundary", p.Boundary), putBoundaryFn(k, name, p.Boundary))
		case p.Boundary == "":
			f.add(Medium, "boundary-added", "permissions boundary "+l.boundary+" set outside the stack", "(none)", l.boundary,
				command("iam", "delete-"+k+"-permissions-boundary", flag, name), deleteBoundaryFn(k, name))
		default:
			f.add(High, "boundary-changed", "permissions boundary replaced outside the stack", p.Boundary, l.boundary,
				command("iam", "put-"+k+"-permissions-boundary", flag, name, "--permissions-boundary", p.Boundary), putBoundaryFn(k, name, p.Boundary))
		}
	}
	if _, skip := p.skip["tags"]; !skip && p.Kind != "group" {
		tags(&f, k, name, p.Tags, l.tags)
	}
	switch p.Kind {
	case "group":
		for _, u := range sortedKeys(l.members) {
			if !p.Members[u] {
				f.add(High, "member-added", "user "+u+" added to the group outside the stack", listNames(p.Members), listNames(l.members),
					command("iam", "remove-user-from-group", "--group-name", name, "--user-name", u), membershipFn(name, u, false))
			}
		}
		for _, u := range sortedKeys(p.Members) {
			if !l.members[u] {
				f.add(Medium, "member-removed", "user "+u+" removed from the group outside the stack", listNames(p.Members), listNames(l.members),
					command("iam", "add-user-to-group", "--group-name", name, "--user-name", u), membershipFn(name, u, true))
			}
		}
	case "user":
		for _, g := range sortedKeys(l.groups) {
			if !p.Groups[g] && !inStack("group", g) {
				f.add(High, "group-joined", "added to group "+g+" (not of this stack) outside the stack", listNames(p.Groups), listNames(l.groups),
					command("iam", "remove-user-from-group", "--group-name", g, "--user-name", name), membershipFn(g, name, false))
			}
		}
		for _, g := range sortedKeys(p.Groups) {
			if !l.groups[g] && !inStack("group", g) {
				f.add(Medium, "group-left", "removed from group "+g+" outside the stack", listNames(p.Groups), listNames(l.groups),
					command("iam", "add-user-to-group", "--group-name", g, "--user-name", name), membershipFn(g, name, true))
			}
		}
		for _, key := range sortedKeys(l.keys) {
			if !p.Keys[key] {
				f.add(High, "access-key-added", "access key "+key+" created outside the stack: long-lived credentials the config does not declare",
					orNone(strings.Join(sortedKeys(p.Keys), ", ")), key,
					command("iam", "delete-access-key", "--user-name", name, "--access-key-id", key), func(ctx context.Context, c Clients) error {
						_, err := c.IAM.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{UserName: aws.String(name), AccessKeyId: aws.String(key)})
						return err
					})
			}
		}
		switch {
		case l.login && !p.Login:
			f.add(High, "login-profile-added", "console password set outside the stack", "no console login", "console login",
				command("iam", "delete-login-profile", "--user-name", name), func(ctx context.Context, c Clients) error {
					_, err := c.IAM.DeleteLoginProfile(ctx, &iam.DeleteLoginProfileInput{UserName: aws.String(name)})
					return err
				})
		case p.Login && !l.login:
			f.add(Medium, "login-profile-removed", "console login deleted outside the stack", "console login", "no console login", "", nil)
			f.last().NotRepairable = "the password is not landform's to choose: set one with aws iam create-login-profile"
		}
	}
	return f.out, nil
}

// finder gathers the findings of one resource.
type finder struct {
	p    *Principal
	phys string
	id   string
	typ  string
	out  []Finding
}

func (f *finder) add(sev, kind, detail, expected, actual, revert string, fix func(context.Context, Clients) error) {
	id, typ, phys := f.id, f.typ, f.phys
	if f.p != nil {
		id, typ, phys = f.p.LogicalID, f.p.Type, f.p.Name
	}
	f.out = append(f.out, Finding{Severity: sev, LogicalID: id, Type: typ, PhysicalID: phys, Kind: kind, Detail: detail,
		Expected: expected, Actual: actual, Revert: revert, fix: fix})
}

func (f *finder) last() *Finding { return &f.out[len(f.out)-1] }

// policyChange rates a changed document: high when it lets more happen.
func policyChange(what string, want, got any) (string, string) {
	broader, narrower := diff.PolicyChanges(canonical(want), canonical(got))
	switch {
	case len(broader) > 0:
		return High, what + " changed outside the stack and now " + strings.Join(broader, "; ")
	case len(narrower) > 0:
		return Medium, what + " changed outside the stack: " + strings.Join(narrower, "; ")
	}
	return Low, what + " changed outside the stack (same permissions, different statements)"
}

// allows lists what a document grants, for a policy nobody expected.
func allows(doc any) []string {
	broader, _ := diff.PolicyChanges(nil, canonical(doc))
	return broader
}

func tags(f *finder, kind, name string, want, got map[string]string) {
	flag := "--" + kind + "-name"
	tagDrift(f, want, got,
		func(k, v string) (string, fix) {
			return command("iam", "tag-"+kind, flag, name, "--tags", "Key="+k+",Value="+v), tagFn(kind, name, k, v)
		},
		func(k string) (string, fix) {
			return command("iam", "untag-"+kind, flag, name, "--tag-keys", k), untagFn(kind, name, k)
		})
}
