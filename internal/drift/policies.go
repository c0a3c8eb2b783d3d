package drift

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// managedPolicy compares a managed policy's default version with the
// template's document, and its attachments to principals of other stacks
// with what the template declares (attachments to the stack's own
// principals are reported on them).
func managedPolicy(ctx context.Context, c Clients, mp *ManagedPolicy, inStack func(kind, name string) bool) ([]Finding, error) {
	f := finder{id: mp.LogicalID, typ: "AWS::IAM::ManagedPolicy", phys: mp.ARN}
	arn := aws.String(mp.ARN)
	pol, err := c.IAM.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: arn})
	if notFound(err) {
		f.add(Medium, "deleted", "managed policy "+mp.ARN+" was deleted outside CloudFormation", "exists", "gone", "", nil)
		f.last().NotRepairable = "CloudFormation believes it exists and will not create it again: remove it from the config and deploy, then put it back and deploy again"
		return f.out, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading managed policy %s: %w", mp.ARN, err)
	}
	def := aws.ToString(pol.Policy.DefaultVersionId)
	if mp.skip == "" {
		doc, err := policyVersion(ctx, c, mp.ARN, def)
		if err != nil {
			return nil, err
		}
		if !samePolicy(mp.Document, doc) {
			if err := defaultChanged(ctx, c, &f, mp, def, doc); err != nil {
				return nil, err
			}
		}
	}
	got := map[string]map[string]bool{"role": {}, "group": {}, "user": {}}
	for pg := iam.NewListEntitiesForPolicyPaginator(c.IAM, &iam.ListEntitiesForPolicyInput{PolicyArn: arn}); pg.HasMorePages(); {
		o, err := pg.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing what %s is attached to: %w", mp.ARN, err)
		}
		for _, r := range o.PolicyRoles {
			got["role"][aws.ToString(r.RoleName)] = true
		}
		for _, g := range o.PolicyGroups {
			got["group"][aws.ToString(g.GroupName)] = true
		}
		for _, u := range o.PolicyUsers {
			got["user"][aws.ToString(u.UserName)] = true
		}
	}
	for _, kind := range []string{"role", "group", "user"} {
		flag := "--" + kind + "-name"
		for _, n := range sortedKeys(got[kind]) {
			if !mp.Entities[kind][n] && !inStack(kind, n) {
				f.add(High, "policy-attached-outside", fmt.Sprintf("attached to %s %s (not of this stack) outside the stack", kind, n),
					entities(mp.Entities), entities(got), command("iam", "detach-"+kind+"-policy", flag, n, "--policy-arn", mp.ARN), detachFn(kind, n, mp.ARN))
			}
		}
		for _, n := range sortedKeys(mp.Entities[kind]) {
			if !got[kind][n] && !inStack(kind, n) {
				f.add(Medium, "policy-detached-outside", fmt.Sprintf("detached from %s %s outside the stack", kind, n),
					entities(mp.Entities), entities(got), command("iam", "attach-"+kind+"-policy", flag, n, "--policy-arn", mp.ARN), attachFn(kind, n, mp.ARN))
			}
		}
	}
	return f.out, nil
}

func entities(m map[string]map[string]bool) string {
	var out []string
	for _, kind := range []string{"role", "group", "user"} {
		for _, n := range sortedKeys(m[kind]) {
			out = append(out, kind+" "+n)
		}
	}
	return orNone(strings.Join(out, ", "))
}

func policyVersion(ctx context.Context, c Clients, arn, version string) (any, error) {
	v, err := c.IAM.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: aws.String(arn), VersionId: aws.String(version)})
	if err != nil {
		return nil, fmt.Errorf("reading version %s of %s: %w", version, arn, err)
	}
	doc, err := decodeDocument(aws.ToString(v.PolicyVersion.Document))
	if err != nil {
		return nil, fmt.Errorf("version %s of %s: %w", version, arn, err)
	}
	return doc, nil
}

// defaultChanged reports a default version that is not the template's
// document. The repair makes the version that is the template's document
// the default again, or creates it when none is.
func defaultChanged(ctx context.Context, c Clients, f *finder, mp *ManagedPolicy, def string, doc any) error {
	sev, detail := policyChange(fmt.Sprintf("default version (%s)", def), mp.Document, doc)
	var versions []string
	for pg := iam.NewListPolicyVersionsPaginator(c.IAM, &iam.ListPolicyVersionsInput{PolicyArn: aws.String(mp.ARN)}); pg.HasMorePages(); {
		o, err := pg.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("listing the versions of %s: %w", mp.ARN, err)
		}
		for _, v := range o.Versions {
			versions = append(versions, aws.ToString(v.VersionId))
		}
	}
	sort.Strings(versions)
	match := ""
	for _, v := range versions {
		if v == def {
			continue
		}
		d, err := policyVersion(ctx, c, mp.ARN, v)
		if err != nil {
			return err
		}
		if samePolicy(mp.Document, d) {
			match = v
		}
	}
	want := compactJSON(mp.Document)
	switch {
	case match != "":
		f.add(sev, "default-version-changed", detail+"; "+match+" holds the template's document", match+": "+want, def+": "+compactJSON(doc),
			command("iam", "set-default-policy-version", "--policy-arn", mp.ARN, "--version-id", match), func(ctx context.Context, c Clients) error {
				_, err := c.IAM.SetDefaultPolicyVersion(ctx, &iam.SetDefaultPolicyVersionInput{PolicyArn: aws.String(mp.ARN), VersionId: aws.String(match)})
				return err
			})
	case len(versions) >= 5:
		f.add(sev, "default-version-changed", detail, want, def+": "+compactJSON(doc), "", nil)
		f.last().NotRepairable = "the policy has 5 versions, IAM's limit, and none holds the template's document: delete a version you no longer need, then run this again"
	default:
		f.add(sev, "default-version-changed", detail, want, def+": "+compactJSON(doc),
			command("iam", "create-policy-version", "--policy-arn", mp.ARN, "--policy-document", want, "--set-as-default"), func(ctx context.Context, c Clients) error {
				_, err := c.IAM.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{PolicyArn: aws.String(mp.ARN), PolicyDocument: aws.String(want), SetAsDefault: true})
				return err
			})
	}
	return nil
}

// instanceProfile compares the roles of an instance profile.
func instanceProfile(ctx context.Context, c Clients, ip *InstanceProfile) ([]Finding, error) {
	f := finder{id: ip.LogicalID, typ: "AWS::IAM::InstanceProfile", phys: ip.Name}
	out, err := c.IAM.GetInstanceProfile(ctx, &iam.GetInstanceProfileInput{InstanceProfileName: aws.String(ip.Name)})
	if notFound(err) {
		f.add(Medium, "deleted", "instance profile "+ip.Name+" was deleted outside CloudFormation", "exists", "gone", "", nil)
		f.last().NotRepairable = "CloudFormation believes it exists and will not create it again: remove it from the config and deploy, then put it back and deploy again"
		return f.out, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading instance profile %s: %w", ip.Name, err)
	}
	want, got := map[string]bool{}, map[string]bool{}
	for _, r := range ip.Roles {
		want[r] = true
	}
	for _, r := range out.InstanceProfile.Roles {
		got[aws.ToString(r.RoleName)] = true
	}
	if listNames(want) == listNames(got) {
		return nil, nil
	}
	var extra, missing []string
	for _, r := range sortedKeys(got) {
		if !want[r] {
			extra = append(extra, r)
		}
	}
	for _, r := range sortedKeys(want) {
		if !got[r] {
			missing = append(missing, r)
		}
	}
	var cmds []string
	for _, r := range extra {
		cmds = append(cmds, command("iam", "remove-role-from-instance-profile", "--instance-profile-name", ip.Name, "--role-name", r))
	}
	for _, r := range missing {
		cmds = append(cmds, command("iam", "add-role-to-instance-profile", "--instance-profile-name", ip.Name, "--role-name", r))
	}
	sev := Medium
	if len(extra) > 0 {
		sev = High // an instance launched with the profile now runs as another role
	}
	f.add(sev, "instance-profile-role-changed", "the profile's role was changed outside the stack: instances launched with it run as "+listNames(got),
		listNames(want), listNames(got), strings.Join(cmds, " && "), func(ctx context.Context, c Clients) error {
			for _, r := range extra {
				if _, err := c.IAM.RemoveRoleFromInstanceProfile(ctx, &iam.RemoveRoleFromInstanceProfileInput{InstanceProfileName: aws.String(ip.Name), RoleName: aws.String(r)}); err != nil {
					return err
				}
			}
			for _, r := range missing {
				if _, err := c.IAM.AddRoleToInstanceProfile(ctx, &iam.AddRoleToInstanceProfileInput{InstanceProfileName: aws.String(ip.Name), RoleName: aws.String(r)}); err != nil {
					return err
				}
			}
			return nil
		})
	return f.out, nil
}
