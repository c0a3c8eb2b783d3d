package moto_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// sgTemplate is shaped like landform's sg kind: the VPC id comes from an
// SSM-typed parameter, tiers reference each other by GroupId through
// standalone Ingress/Egress resources, and each tier's id goes to SSM.
const sgTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  VpcId: {Type: "AWS::SSM::Parameter::Value<AWS::EC2::VPC::Id>", Default: /lf/sg/vpc-id}
  PrefixList: {Type: String}
Resources:
  Lb:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: lb tier
      VpcId: !Ref VpcId
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0, Description: public v4}
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIpv6: "::/0", Description: public v6}
  App:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupName: lf-app
      GroupDescription: app tier
      VpcId: !Ref VpcId
      Tags: [{Key: tier, Value: app}]
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: !GetAtt Lb.GroupId, Description: from lb}
        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, SourcePrefixListId: !Ref PrefixList, Description: admin}
        - {IpProtocol: tcp, FromPort: 9090, ToPort: 9090, CidrIp: 10.0.0.0/8, Description: metrics}
      SecurityGroupEgress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, DestinationPrefixListId: !Ref PrefixList, Description: to s3}
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIpv6: "::/0"}
  Db:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: db tier
      VpcId: !Ref VpcId
  AppToDb:
    Type: AWS::EC2::SecurityGroupEgress
    Properties: {GroupId: !GetAtt App.GroupId, IpProtocol: tcp, FromPort: 5432, ToPort: 5432, DestinationSecurityGroupId: !Ref Db, Description: to db}
  DbFromApp:
    Type: AWS::EC2::SecurityGroupIngress
    Properties: {GroupId: !Ref Db, IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: !Ref App, Description: from app}
  DbFromV6:
    Type: AWS::EC2::SecurityGroupIngress
    Properties: {GroupId: !Ref Db, IpProtocol: tcp, FromPort: 5432, ToPort: 5432, CidrIpv6: "fd00::/8"}
  DbFromAdmin:
    Type: AWS::EC2::SecurityGroupIngress
    Properties: {GroupId: !Ref Db, IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourcePrefixListId: !Ref PrefixList, Description: admin}
  LbToCidr:
    Type: AWS::EC2::SecurityGroupEgress
    Properties: {GroupId: !Ref Lb, IpProtocol: "-1", CidrIpv6: "fd00::/8", Description: internal v6}
  AppId:
    Type: AWS::SSM::Parameter
    Properties: {Name: /lf/sg/app-id, Type: String, Value: !Ref App}
Outputs:
  AppGroupId: {Value: !GetAtt App.GroupId}
  AppVpcId: {Value: !GetAtt App.VpcId}
  DbFromAppId: {Value: !GetAtt DbFromApp.Id}
  DbFromAppRef: {Value: !Ref DbFromApp}
  LbToCidrId: {Value: !GetAtt LbToCidr.Id}
`

// sgTemplateV2 changes App's inline lists in place (a rule removed, one
// added, a description changed, SecurityGroupEgress dropped so the default
// comes back), replaces DbFromApp (new port) and changes only LbToCidr's
// Description (in place, same rule id).
var sgTemplateV2 = strings.NewReplacer(
	"        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, SourcePrefixListId: !Ref PrefixList, Description: admin}\n",
	"        - {IpProtocol: tcp, FromPort: 8443, ToPort: 8443, CidrIp: 10.0.0.0/8}\n",
	"Description: metrics}", "Description: metrics v2}",
	"      SecurityGroupEgress:\n        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, DestinationPrefixListId: !Ref PrefixList, Description: to s3}\n        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIpv6: \"::/0\"}\n", "",
	"FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: !Ref App", "FromPort: 5433, ToPort: 5433, SourceSecurityGroupId: !Ref App",
	"Description: internal v6}", "Description: internal v6 (2)}",
).Replace(sgTemplate)

// testSecurityGroups (TestPlugin/SecurityGroups): inline and standalone
// rules with every peer kind (IPv4, IPv6, security group, prefix list) and
// descriptions, egress replacing the default rule, in-place updates of the
// rule lists, replacement of standalone rules, GetAtt GroupId/VpcId/Id, the
// VPC id from an SSM-typed parameter, all read back through EC2; delete
// leaves only what existed before; a missing SSM parameter is a ValidationError.
func testSecurityGroups(t *testing.T, e *env) {
	vpc, err := e.ec2.CreateVpc(ctx(t), &ec2.CreateVpcInput{CidrBlock: aws.String("10.42.0.0/16")})
	if err != nil {
		t.Fatal(err)
	}
	vpcID := aws.ToString(vpc.Vpc.VpcId)
	pl, err := e.ec2.CreateManagedPrefixList(ctx(t), &ec2.CreateManagedPrefixListInput{
		PrefixListName: aws.String("lf-admin"), AddressFamily: aws.String("IPv4"), MaxEntries: aws.Int32(5),
		Entries: []ec2types.AddPrefixListEntry{{Cidr: aws.String("192.0.2.0/24")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	plID := aws.ToString(pl.PrefixList.PrefixListId)
	if _, err := e.ssm.PutParameter(ctx(t), &ssm.PutParameterInput{
		Name: aws.String("/lf/sg/vpc-id"), Type: ssmtypes.ParameterTypeString, Value: aws.String(vpcID),
	}); err != nil {
		t.Fatal(err)
	}
	params := []cfntypes.Parameter{{ParameterKey: aws.String("PrefixList"), ParameterValue: aws.String(plID)}}

	// A missing SSM parameter: ValidationError from CreateStack, as on AWS.
	_, err = e.cfn.CreateStack(ctx(t), &cloudformation.CreateStackInput{
		StackName: aws.String("sg-missing"), TemplateBody: aws.String(sgTemplate),
		Parameters: append(params, cfntypes.Parameter{ParameterKey: aws.String("VpcId"), ParameterValue: aws.String("/lf/sg/nope")}),
	})
	if code := apiCode(t, err); code != "ValidationError" ||
		apiMessage(err) != "Unable to fetch parameters [/lf/sg/nope] from parameter store for this account." {
		t.Errorf("missing SSM parameter: %s %q", code, apiMessage(err))
	}
	e.wantGone(t, "sg-missing")

	if _, err := e.cfn.CreateStack(ctx(t), &cloudformation.CreateStackInput{
		StackName: aws.String("sg"), TemplateBody: aws.String(sgTemplate), Parameters: params,
	}); err != nil {
		t.Fatal(err)
	}
	st := e.wantStatus(t, "sg", cfntypes.StackStatusCreateComplete)
	out := outputs(st)
	ids := e.stackPhysicalIDs(t, "sg")
	app, lb, db := ids["App"], ids["Lb"], ids["Db"]
	if out["AppGroupId"] != app || out["AppVpcId"] != vpcID || !strings.HasPrefix(out["DbFromAppId"], "sgr-") ||
		out["DbFromAppRef"] != out["DbFromAppId"] || ids["DbFromApp"] != out["DbFromAppId"] {
		t.Errorf("outputs %v, physical ids %v", out, ids)
	}
	names := map[string]string{app: "app", lb: "lb", db: "db", plID: "pl"}
	groups, err := e.ec2.DescribeSecurityGroups(ctx(t), &ec2.DescribeSecurityGroupsInput{GroupIds: []string{app, lb, db}})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range groups.SecurityGroups {
		if aws.ToString(g.VpcId) != vpcID {
			t.Errorf("group %s in VPC %s, want %s (from the SSM parameter)", names[aws.ToString(g.GroupId)], aws.ToString(g.VpcId), vpcID)
		}
		if aws.ToString(g.GroupId) == app && aws.ToString(g.GroupName) != "lf-app" {
			t.Errorf("App GroupName %q", aws.ToString(g.GroupName))
		}
	}
	p, err := e.ssm.GetParameter(ctx(t), &ssm.GetParameterInput{Name: aws.String("/lf/sg/app-id")})
	if err != nil || aws.ToString(p.Parameter.Value) != app {
		t.Errorf("SSM /lf/sg/app-id: %v %v, want %s", p, err, app)
	}

	want := map[string][]string{
		"lb": {
			"egress -1 all ipv4 0.0.0.0/0 ''", // no SecurityGroupEgress: the default stays
			"egress -1 all ipv6 fd00::/8 'internal v6'",
			"ingress tcp 443-443 ipv4 0.0.0.0/0 'public v4'",
			"ingress tcp 443-443 ipv6 ::/0 'public v6'",
		},
		"app": {
			"egress tcp 443-443 ipv6 ::/0 ''",
			"egress tcp 443-443 pl pl 'to s3'",
			"egress tcp 5432-5432 sg db 'to db'",
			"ingress tcp 22-22 pl pl 'admin'",
			"ingress tcp 8080-8080 sg lb 'from lb'",
			"ingress tcp 9090-9090 ipv4 10.0.0.0/8 'metrics'",
		},
		"db": {
			"egress -1 all ipv4 0.0.0.0/0 ''",
			"ingress tcp 5432-5432 ipv6 fd00::/8 ''",
			"ingress tcp 5432-5432 pl pl 'admin'",
			"ingress tcp 5432-5432 sg app 'from app'",
		},
	}
	for _, g := range []string{lb, app, db} {
		e.wantRules(t, g, names, want[names[g]])
	}
	// DescribeSecurityGroups carries the same descriptions in its grouped view.
	e.wantPermission(t, app, func(perm ec2types.IpPermission) bool {
		return len(perm.PrefixListIds) == 1 && aws.ToString(perm.PrefixListIds[0].Description) == "admin"
	}, "ingress prefix list rule with Description admin")
	e.wantPermission(t, lb, func(perm ec2types.IpPermission) bool {
		return len(perm.Ipv6Ranges) == 1 && aws.ToString(perm.Ipv6Ranges[0].Description) == "public v6"
	}, "ingress IPv6 rule with Description public v6")

	// A missing SSM parameter on update: ValidationError, the stack untouched.
	missing := append(params, cfntypes.Parameter{ParameterKey: aws.String("VpcId"), ParameterValue: aws.String("/lf/sg/nope")})
	_, err = e.cfn.UpdateStack(ctx(t), &cloudformation.UpdateStackInput{
		StackName: aws.String("sg"), TemplateBody: aws.String(sgTemplateV2), Parameters: missing})
	if code := apiCode(t, err); code != "ValidationError" || !strings.Contains(apiMessage(err), "[/lf/sg/nope]") {
		t.Errorf("UpdateStack, missing SSM parameter: %s %q", code, apiMessage(err))
	}
	_, err = e.cfn.CreateChangeSet(ctx(t), &cloudformation.CreateChangeSetInput{
		StackName: aws.String("sg"), ChangeSetName: aws.String("bad"), TemplateBody: aws.String(sgTemplateV2),
		ChangeSetType: cfntypes.ChangeSetTypeUpdate, Parameters: missing})
	if code := apiCode(t, err); code != "ValidationError" || !strings.Contains(apiMessage(err), "[/lf/sg/nope]") {
		t.Errorf("CreateChangeSet, missing SSM parameter: %s %q", code, apiMessage(err))
	}
	e.wantStatus(t, "sg", cfntypes.StackStatusCreateComplete)

	// Update through a change set, as landform deploys.
	cs, err := e.cfn.CreateChangeSet(ctx(t), &cloudformation.CreateChangeSetInput{
		StackName: aws.String("sg"), ChangeSetName: aws.String("v2"), TemplateBody: aws.String(sgTemplateV2),
		ChangeSetType: cfntypes.ChangeSetTypeUpdate, Parameters: params,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.cfn.ExecuteChangeSet(ctx(t), &cloudformation.ExecuteChangeSetInput{ChangeSetName: cs.Id}); err != nil {
		t.Fatal(err)
	}
	st = e.wantStatus(t, "sg", cfntypes.StackStatusUpdateComplete)
	out2 := outputs(st)
	ids2 := e.stackPhysicalIDs(t, "sg")
	if ids2["App"] != app || ids2["Lb"] != lb || ids2["Db"] != db {
		t.Errorf("groups were replaced by a rule-only update: %v -> %v", ids, ids2)
	}
	if out2["DbFromAppId"] == out["DbFromAppId"] || ids2["DbFromApp"] != out2["DbFromAppId"] {
		t.Errorf("DbFromApp port change: rule id %s -> %s, want a new rule (replacement)", out["DbFromAppId"], out2["DbFromAppId"])
	}
	if out2["LbToCidrId"] != out["LbToCidrId"] {
		t.Errorf("LbToCidr Description change: rule id %s -> %s, want the same rule (no interruption)", out["LbToCidrId"], out2["LbToCidrId"])
	}
	want["lb"][1] = "egress -1 all ipv6 fd00::/8 'internal v6 (2)'"
	want["app"] = []string{
		"egress -1 all ipv4 0.0.0.0/0 ''",    // SecurityGroupEgress dropped: the default is back
		"egress tcp 5432-5432 sg db 'to db'", // standalone rule untouched by the inline update
		"ingress tcp 8080-8080 sg lb 'from lb'",
		"ingress tcp 8443-8443 ipv4 10.0.0.0/8 ''",
		"ingress tcp 9090-9090 ipv4 10.0.0.0/8 'metrics v2'",
	}
	want["db"][3] = "ingress tcp 5433-5433 sg app 'from app'"
	for _, g := range []string{lb, app, db} {
		e.wantRules(t, g, names, want[names[g]])
	}
	wantSubsequence(t, e.statuses(t, "sg"), []string{
		"App UPDATE_IN_PROGRESS", "App UPDATE_COMPLETE", "DbFromApp UPDATE_IN_PROGRESS", "DbFromApp UPDATE_COMPLETE", "sg UPDATE_COMPLETE",
	})

	// Back to v1 through UpdateStack: the egress list replaces the default again.
	if _, err := e.cfn.UpdateStack(ctx(t), &cloudformation.UpdateStackInput{
		StackName: aws.String("sg"), TemplateBody: aws.String(sgTemplate), Parameters: params,
	}); err != nil {
		t.Fatal(err)
	}
	e.wantStatus(t, "sg", cfntypes.StackStatusUpdateComplete)
	e.wantRules(t, app, names, []string{
		"egress tcp 443-443 ipv6 ::/0 ''",
		"egress tcp 443-443 pl pl 'to s3'",
		"egress tcp 5432-5432 sg db 'to db'",
		"ingress tcp 22-22 pl pl 'admin'",
		"ingress tcp 8080-8080 sg lb 'from lb'",
		"ingress tcp 9090-9090 ipv4 10.0.0.0/8 'metrics'",
	})

	e.deleteStack(t, "sg")
	e.wantGone(t, "sg")
	left, err := e.ec2.DescribeSecurityGroups(ctx(t), &ec2.DescribeSecurityGroupsInput{
		Filters: []ec2types.Filter{{Name: aws.String("vpc-id"), Values: []string{vpcID}}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(left.SecurityGroups) != 1 || aws.ToString(left.SecurityGroups[0].GroupName) != "default" {
		t.Errorf("security groups left in the VPC after delete: %v", left.SecurityGroups)
	}
	if _, err := e.ssm.GetParameter(ctx(t), &ssm.GetParameterInput{Name: aws.String("/lf/sg/app-id")}); apiCode(t, err) != "ParameterNotFound" {
		t.Errorf("/lf/sg/app-id left after delete")
	}

	// What the scenario created itself.
	if _, err := e.ssm.DeleteParameter(ctx(t), &ssm.DeleteParameterInput{Name: aws.String("/lf/sg/vpc-id")}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.ec2.DeleteManagedPrefixList(ctx(t), &ec2.DeleteManagedPrefixListInput{PrefixListId: aws.String(plID)}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.ec2.DeleteVpc(ctx(t), &ec2.DeleteVpcInput{VpcId: aws.String(vpcID)}); err != nil {
		t.Fatal(err)
	}
}

func outputs(st cfntypes.Stack) map[string]string {
	out := map[string]string{}
	for _, o := range st.Outputs {
		out[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
	}
	return out
}

// stackPhysicalIDs maps logical id -> physical id from DescribeStackResources.
func (e *env) stackPhysicalIDs(t *testing.T, stack string) map[string]string {
	t.Helper()
	res, err := e.cfn.DescribeStackResources(ctx(t), &cloudformation.DescribeStackResourcesInput{StackName: aws.String(stack)})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, r := range res.StackResources {
		ids[aws.ToString(r.LogicalResourceId)] = aws.ToString(r.PhysicalResourceId)
	}
	return ids
}

// wantRules compares a group's rules from DescribeSecurityGroupRules, as
// "direction protocol ports peer-kind peer 'description'", ids replaced by names.
func (e *env) wantRules(t *testing.T, groupID string, names map[string]string, want []string) {
	t.Helper()
	out, err := e.ec2.DescribeSecurityGroupRules(ctx(t), &ec2.DescribeSecurityGroupRulesInput{
		Filters: []ec2types.Filter{{Name: aws.String("group-id"), Values: []string{groupID}}}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range out.SecurityGroupRules {
		dir := "ingress"
		if aws.ToBool(r.IsEgress) {
			dir = "egress"
		}
		ports := fmt.Sprintf("%d-%d", aws.ToInt32(r.FromPort), aws.ToInt32(r.ToPort))
		if aws.ToString(r.IpProtocol) == "-1" {
			ports = "all"
		}
		var peer string
		switch {
		case r.CidrIpv4 != nil:
			peer = "ipv4 " + aws.ToString(r.CidrIpv4)
		case r.CidrIpv6 != nil:
			peer = "ipv6 " + aws.ToString(r.CidrIpv6)
		case r.ReferencedGroupInfo != nil:
			peer = "sg " + names[aws.ToString(r.ReferencedGroupInfo.GroupId)]
		case r.PrefixListId != nil:
			peer = "pl " + names[aws.ToString(r.PrefixListId)]
		}
		got = append(got, fmt.Sprintf("%s %s %s %s '%s'", dir, aws.ToString(r.IpProtocol), ports, peer, aws.ToString(r.Description)))
	}
	sort.Strings(got)
	w := append([]string(nil), want...)
	sort.Strings(w)
	if strings.Join(got, "\n") != strings.Join(w, "\n") {
		t.Errorf("rules of %s:\n%s\nwant:\n%s", names[groupID], strings.Join(got, "\n"), strings.Join(w, "\n"))
	}
}

func (e *env) wantPermission(t *testing.T, groupID string, ok func(ec2types.IpPermission) bool, what string) {
	t.Helper()
	out, err := e.ec2.DescribeSecurityGroups(ctx(t), &ec2.DescribeSecurityGroupsInput{GroupIds: []string{groupID}})
	if err != nil {
		t.Fatal(err)
	}
	for _, perm := range out.SecurityGroups[0].IpPermissions {
		if ok(perm) {
			return
		}
	}
	t.Errorf("DescribeSecurityGroups %s: no %s in %+v", groupID, what, out.SecurityGroups[0].IpPermissions)
}
