package drift

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// securityGroup compares a group's rules (with their descriptions) and
// tags with the template's.
func securityGroup(ctx context.Context, c Clients, sg *SecurityGroup) ([]Finding, error) {
	f := finder{id: sg.LogicalID, typ: "AWS::EC2::SecurityGroup", phys: sg.ID}
	desc, err := c.EC2.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupIds: []string{sg.ID}})
	if notFound(err) || (err == nil && len(desc.SecurityGroups) == 0) {
		f.add(Medium, "deleted", "security group "+sg.ID+" was deleted outside CloudFormation", "exists", "gone", "", nil)
		f.last().NotRepairable = "CloudFormation believes it exists and will not create it again: remove it from the config and deploy, then put it back and deploy again"
		return f.out, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading security group %s: %w", sg.ID, err)
	}
	var live []Rule
	for pg := ec2.NewDescribeSecurityGroupRulesPaginator(c.EC2, &ec2.DescribeSecurityGroupRulesInput{
		Filters: []types.Filter{{Name: aws.String("group-id"), Values: []string{sg.ID}}}}); pg.HasMorePages(); {
		o, err := pg.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("reading the rules of %s: %w", sg.ID, err)
		}
		for _, r := range o.SecurityGroupRules {
			if aws.ToString(r.GroupId) != sg.ID {
				continue
			}
			lr := Rule{Egress: aws.ToBool(r.IsEgress), Protocol: protocol(aws.ToString(r.IpProtocol)), From: aws.ToInt32(r.FromPort), To: aws.ToInt32(r.ToPort),
				Description: aws.ToString(r.Description), ID: aws.ToString(r.SecurityGroupRuleId)}
			if lr.Protocol == "-1" {
				lr.From, lr.To = -1, -1
			}
			switch {
			case r.CidrIpv4 != nil:
				lr.Peer = "cidr:" + aws.ToString(r.CidrIpv4)
			case r.CidrIpv6 != nil:
				lr.Peer = "cidr6:" + aws.ToString(r.CidrIpv6)
			case r.ReferencedGroupInfo != nil:
				lr.Peer = "sg:" + aws.ToString(r.ReferencedGroupInfo.GroupId)
			case r.PrefixListId != nil:
				lr.Peer = "pl:" + aws.ToString(r.PrefixListId)
			}
			live = append(live, lr)
		}
	}
	want := map[string]Rule{}
	for _, r := range sg.Rules {
		want[r.Key()] = r
	}
	got := map[string]Rule{}
	for _, r := range live {
		got[r.Key()] = r
	}
	for _, k := range sortedKeys(got) {
		r := got[k]
		w, ok := want[k]
		switch {
		case !ok:
			op := map[bool]string{false: "revoke-security-group-ingress", true: "revoke-security-group-egress"}[r.Egress]
			f.add(High, "sg-rule-added", "rule added outside the stack: "+r.String(), rules(sg.Rules, r.Egress), rules(live, r.Egress),
				command("ec2", op, "--group-id", sg.ID, "--security-group-rule-ids", r.ID), revokeFn(sg.ID, r))
		case w.Description != r.Description:
			op := map[bool]string{false: "update-security-group-rule-descriptions-ingress", true: "update-security-group-rule-descriptions-egress"}[r.Egress]
			f.add(Low, "sg-rule-description-changed", fmt.Sprintf("the description of %s changed outside the stack", strings.TrimSuffix(w.String(), fmt.Sprintf(" (%q)", w.Description))),
				orNone(w.Description), orNone(r.Description), command("ec2", op, "--group-id", sg.ID, "--ip-permissions", permissionJSON(w)), describeFn(sg.ID, w))
		}
	}
	for _, k := range sortedKeys(want) {
		if _, ok := got[k]; !ok {
			r := want[k]
			op := map[bool]string{false: "authorize-security-group-ingress", true: "authorize-security-group-egress"}[r.Egress]
			f.add(Medium, "sg-rule-removed", "rule revoked outside the stack: "+r.String(), rules(sg.Rules, r.Egress), rules(live, r.Egress),
				command("ec2", op, "--group-id", sg.ID, "--ip-permissions", permissionJSON(r)), authorizeFn(sg.ID, r))
		}
	}
	got2 := map[string]string{}
	for _, t := range desc.SecurityGroups[0].Tags {
		if k := aws.ToString(t.Key); !strings.HasPrefix(k, "aws:") {
			got2[k] = aws.ToString(t.Value)
		}
	}
	ec2Tags(&f, sg.ID, sg.Tags, got2)
	return f.out, nil
}

func rules(rs []Rule, egress bool) string {
	var out []string
	for _, r := range rs {
		if r.Egress == egress {
			out = append(out, r.String())
		}
	}
	return orNone(strings.Join(out, "; "))
}

func ec2Tags(f *finder, id string, want, got map[string]string) {
	tagDrift(f, want, got,
		func(k, v string) (string, fix) {
			return command("ec2", "create-tags", "--resources", id, "--tags", "Key="+k+",Value="+v), func(ctx context.Context, c Clients) error {
				_, err := c.EC2.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{id}, Tags: []types.Tag{{Key: aws.String(k), Value: aws.String(v)}}})
				return err
			}
		},
		func(k string) (string, fix) {
			return command("ec2", "delete-tags", "--resources", id, "--tags", "Key="+k), func(ctx context.Context, c Clients) error {
				_, err := c.EC2.DeleteTags(ctx, &ec2.DeleteTagsInput{Resources: []string{id}, Tags: []types.Tag{{Key: aws.String(k)}}})
				return err
			}
		})
}

// permission is r in the EC2 API's IpPermission shape.
func permission(r Rule) types.IpPermission {
	p := types.IpPermission{IpProtocol: aws.String(r.Protocol)}
	if r.Protocol != "-1" {
		p.FromPort, p.ToPort = aws.Int32(r.From), aws.Int32(r.To)
	}
	var desc *string
	if r.Description != "" {
		desc = aws.String(r.Description)
	}
	kind, peer, _ := strings.Cut(r.Peer, ":")
	switch kind {
	case "cidr":
		p.IpRanges = []types.IpRange{{CidrIp: aws.String(peer), Description: desc}}
	case "cidr6":
		p.Ipv6Ranges = []types.Ipv6Range{{CidrIpv6: aws.String(peer), Description: desc}}
	case "sg":
		p.UserIdGroupPairs = []types.UserIdGroupPair{{GroupId: aws.String(peer), Description: desc}}
	case "pl":
		p.PrefixListIds = []types.PrefixListId{{PrefixListId: aws.String(peer), Description: desc}}
	}
	return p
}

// permissionJSON is r as the aws CLI's --ip-permissions takes it.
func permissionJSON(r Rule) string {
	p := map[string]any{"IpProtocol": r.Protocol}
	if r.Protocol != "-1" {
		p["FromPort"], p["ToPort"] = r.From, r.To
	}
	peer := map[string]any{}
	if r.Description != "" {
		peer["Description"] = r.Description
	}
	kind, v, _ := strings.Cut(r.Peer, ":")
	field := map[string][2]string{"cidr": {"IpRanges", "CidrIp"}, "cidr6": {"Ipv6Ranges", "CidrIpv6"}, "sg": {"UserIdGroupPairs", "GroupId"}, "pl": {"PrefixListIds", "PrefixListId"}}[kind]
	peer[field[1]] = v
	p[field[0]] = []any{peer}
	return compactJSON([]any{p})
}

func revokeFn(group string, r Rule) fix {
	return func(ctx context.Context, c Clients) error {
		var err error
		if r.Egress {
			_, err = c.EC2.RevokeSecurityGroupEgress(ctx, &ec2.RevokeSecurityGroupEgressInput{GroupId: aws.String(group), SecurityGroupRuleIds: []string{r.ID}})
		} else {
			_, err = c.EC2.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: aws.String(group), SecurityGroupRuleIds: []string{r.ID}})
		}
		return err
	}
}

func authorizeFn(group string, r Rule) fix {
	return func(ctx context.Context, c Clients) error {
		perm := []types.IpPermission{permission(r)}
		var err error
		if r.Egress {
			_, err = c.EC2.AuthorizeSecurityGroupEgress(ctx, &ec2.AuthorizeSecurityGroupEgressInput{GroupId: aws.String(group), IpPermissions: perm})
		} else {
			_, err = c.EC2.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: aws.String(group), IpPermissions: perm})
		}
		return err
	}
}

func describeFn(group string, r Rule) fix {
	return func(ctx context.Context, c Clients) error {
		perm := []types.IpPermission{permission(r)}
		var err error
		if r.Egress {
			_, err = c.EC2.UpdateSecurityGroupRuleDescriptionsEgress(ctx, &ec2.UpdateSecurityGroupRuleDescriptionsEgressInput{GroupId: aws.String(group), IpPermissions: perm})
		} else {
			_, err = c.EC2.UpdateSecurityGroupRuleDescriptionsIngress(ctx, &ec2.UpdateSecurityGroupRuleDescriptionsIngressInput{GroupId: aws.String(group), IpPermissions: perm})
		}
		return err
	}
}
