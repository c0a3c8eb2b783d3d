package stack_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/landform/landform/internal/stack"
	"github.com/landform/landform/internal/testutil/moto"
)

// TestSGThreeTierLifecycle deploys the three-tier-postgresql example into a
// VPC whose id the test publishes in SSM, as the VPC provisioner would;
// reads the groups back through EC2 (every rule, the cross-tier ones by
// group id), checks the SSM parameters hold the real group ids, plans and
// deploys a port override, and destroys.
func TestSGThreeTierLifecycle(t *testing.T) {
	s := moto.Start(t)
	ctx := context.Background()
	sgConfig := func(edit func(string) string) (stack.Stack, string) {
		data, err := os.ReadFile(filepath.Join("..", "..", "examples", "sg", "three-tier-postgresql.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		text := accountID.ReplaceAllString(string(data), `account_id: "`+moto.Account+`"`)
		if edit != nil {
			text = edit(text)
		}
		return fromConfig(t, "three-tier-postgresql.yaml", []byte(text))
	}
	st, region := sgConfig(nil)
	cfg := s.Config(region)
	ec2c, ssmc := ec2.NewFromConfig(cfg), ssm.NewFromConfig(cfg)
	vpc, err := ec2c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.40.0.0/16")})
	if err != nil {
		t.Fatal(err)
	}
	vpcID := aws.ToString(vpc.Vpc.VpcId)
	if _, err := ssmc.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/vpc/acme-dev-t001-us-east-1-vpc/VPCId"),
		Value: aws.String(vpcID), Type: ssmtypes.ParameterTypeString}); err != nil {
		t.Fatal(err)
	}
	c := stack.NewClients(cfg)
	d, err := c.Deploy(ctx, st, stack.DeployOptions{}, fast)
	if err != nil {
		t.Fatalf("deploy: %v", err)
	}
	ids := map[string]string{} // tier → group id, from the outputs
	for _, tier := range []string{"web", "app", "db"} {
		ids[tier] = d.Outputs[strings.ToUpper(tier[:1])+tier[1:]+"SecurityGroupId"]
		p, err := ssmc.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/sg/acme-dev-t001-us-east-1-sg/" + tier + "/SecurityGroupId")})
		if err != nil || aws.ToString(p.Parameter.Value) != ids[tier] || !strings.HasPrefix(ids[tier], "sg-") {
			t.Errorf("SSM parameter of %s = %v (%v), want the group id %s", tier, p, err, ids[tier])
		}
	}
	want := map[string][]string{
		"web": {
			"in tcp 443 0.0.0.0/0", "in tcp 443 ::/0", "in tcp 80 0.0.0.0/0", "in tcp 80 ::/0",
			"out -1 127.0.0.1/32", "out tcp 8080 app",
		},
		"app": {"in tcp 8080 web", "out tcp 443 0.0.0.0/0", "out tcp 5432 db"},
		"db":  {"in tcp 5432 app", "out -1 127.0.0.1/32"},
	}
	check := func(when string, want map[string][]string) {
		t.Helper()
		for tier, rules := range want {
			got := groupRules(t, ec2c, ids[tier], ids)
			if strings.Join(got, "; ") != strings.Join(sorted(rules), "; ") {
				t.Errorf("%s: tier %s rules\n got %v\nwant %v", when, tier, got, sorted(rules))
			}
		}
	}
	check("after create", want)
	out, err := ec2c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupIds: []string{ids["web"]}})
	if err != nil || aws.ToString(out.SecurityGroups[0].VpcId) != vpcID || aws.ToString(out.SecurityGroups[0].GroupName) != "acme-dev-t001-us-east-1-sg-web" {
		t.Errorf("web group: %v %+v", err, out)
	}

	// An override moves the application port: plan shows it, deploy applies it.
	changed, _ := sgConfig(func(s string) string {
		return s + "overrides:\n  app:\n    ports:\n      from-web: 8443\n"
	})
	p, err := c.Plan(ctx, changed, fast)
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	var opened []string
	for _, imp := range p.Diff.Security {
		if imp.Kind == "sg-ingress-opened" || imp.Kind == "sg-egress-opened" {
			opened = append(opened, imp.LogicalID+": "+imp.Detail)
		}
	}
	sort.Strings(opened)
	if len(opened) != 2 || !strings.HasPrefix(opened[0], "AppIngressFromWeb: tcp 8443 with") || !strings.HasPrefix(opened[1], "WebEgressToApp: tcp 8443 with") {
		t.Errorf("security impact of the override = %v", opened)
	}
	if _, err := c.Deploy(ctx, changed, stack.DeployOptions{}, fast); err != nil {
		t.Fatalf("update: %v", err)
	}
	want["web"][5], want["app"][0] = "out tcp 8443 app", "in tcp 8443 web"
	check("after the override", want)

	if _, err := c.Destroy(ctx, changed, fast); err != nil {
		t.Fatalf("destroy: %v", err)
	}
	left, err := ec2c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{Filters: []ec2types.Filter{{Name: aws.String("vpc-id"), Values: []string{vpcID}}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range left.SecurityGroups {
		if aws.ToString(g.GroupName) != "default" {
			t.Errorf("group left after destroy: %s", aws.ToString(g.GroupName))
		}
	}
	params := parameters(t, ssmc, "/sg/acme-dev-t001-us-east-1-sg/web")
	if len(params) != 0 {
		t.Errorf("SSM parameters left: %v", params)
	}
}

// groupRules lists a group's rules as "in|out PROTOCOL PORT PEER", the
// peer a tier name when it is one of ours.
func groupRules(t *testing.T, c *ec2.Client, id string, tiers map[string]string) []string {
	t.Helper()
	out, err := c.DescribeSecurityGroups(context.Background(), &ec2.DescribeSecurityGroupsInput{GroupIds: []string{id}})
	if err != nil || len(out.SecurityGroups) != 1 {
		t.Fatalf("describe %s: %v", id, err)
	}
	byID := map[string]string{}
	for tier, gid := range tiers {
		byID[gid] = tier
	}
	var rules []string
	add := func(dir string, perms []ec2types.IpPermission) {
		for _, p := range perms {
			proto, port := aws.ToString(p.IpProtocol), ""
			if p.FromPort != nil && proto != "-1" {
				port = " " + itoa(aws.ToInt32(p.FromPort))
			}
			for _, r := range p.IpRanges {
				rules = append(rules, dir+" "+proto+port+" "+aws.ToString(r.CidrIp))
			}
			for _, r := range p.Ipv6Ranges {
				rules = append(rules, dir+" "+proto+port+" "+aws.ToString(r.CidrIpv6))
			}
			for _, r := range p.UserIdGroupPairs {
				rules = append(rules, dir+" "+proto+port+" "+byID[aws.ToString(r.GroupId)])
			}
		}
	}
	add("in", out.SecurityGroups[0].IpPermissions)
	add("out", out.SecurityGroups[0].IpPermissionsEgress)
	sort.Strings(rules)
	return rules
}

func sorted(s []string) []string {
	c := append([]string{}, s...)
	sort.Strings(c)
	return c
}

func itoa(n int32) string { return strconv.Itoa(int(n)) }
