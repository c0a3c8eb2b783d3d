package moto_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

const groupTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Read:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: lf-read
      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: s3:GetObject, Resource: "*"}]}
  Team:
    Type: AWS::IAM::Group
    Properties:
      GroupName: lf-team
      Path: /teams/
      ManagedPolicyArns: [!Ref Read]
      Policies:
        - PolicyName: inline-logs
          PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: logs:GetLogEvents, Resource: "*"}]}
  Anonymous:
    Type: AWS::IAM::Group
  Extra:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      Groups: [!Ref Anonymous]
      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: sqs:ListQueues, Resource: "*"}]}
  Write:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Groups: [!Ref Team, !Ref Anonymous]
      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: s3:PutObject, Resource: "*"}]}
  Members:
    Type: AWS::IAM::UserToGroupAddition
    Properties:
      GroupName: !Ref Team
      Users: [alice]
Outputs:
  TeamName: {Value: !Ref Team}
  TeamArn: {Value: !GetAtt Team.Arn}
  AnonymousName: {Value: !Ref Anonymous}
`

// testIAMGroup (TestPlugin/IAMGroup): AWS::IAM::Group, UserToGroupAddition and Groups: [!Ref G] on
// Policy / ManagedPolicy, read back through IAM; then delete-stack leaves
// nothing, and a group that cannot be deleted leaves the stack DELETE_FAILED.
func testIAMGroup(t *testing.T, e *env) {
	if _, err := e.iam.CreateUser(ctx(t), &iam.CreateUserInput{UserName: aws.String("alice")}); err != nil {
		t.Fatal(err)
	}
	e.createStack(t, "groups", groupTemplate)
	st := e.wantStatus(t, "groups", cfntypes.StackStatusCreateComplete)

	outputs := map[string]string{}
	for _, o := range st.Outputs {
		outputs[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
	}
	if outputs["TeamName"] != "lf-team" || outputs["TeamArn"] != "arn:aws:iam::123456789012:group/teams/lf-team" {
		t.Errorf("outputs Ref/GetAtt of the group: %v", outputs)
	}
	anon := outputs["AnonymousName"]
	if !strings.HasPrefix(anon, "groups-Anonymous-") || len(anon) <= len("groups-Anonymous-") {
		t.Errorf("generated group name %q, want groups-Anonymous-<random> as CloudFormation names it", anon)
	}

	g, err := e.iam.GetGroup(ctx(t), &iam.GetGroupInput{GroupName: aws.String("lf-team")})
	if err != nil {
		t.Fatalf("GetGroup lf-team: %v", err)
	}
	if aws.ToString(g.Group.Path) != "/teams/" {
		t.Errorf("group path %q", aws.ToString(g.Group.Path))
	}
	if len(g.Users) != 1 || aws.ToString(g.Users[0].UserName) != "alice" {
		t.Errorf("UserToGroupAddition: members %v, want [alice]", g.Users)
	}
	att, err := e.iam.ListAttachedGroupPolicies(ctx(t), &iam.ListAttachedGroupPoliciesInput{GroupName: aws.String("lf-team")})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, p := range att.AttachedPolicies {
		names[aws.ToString(p.PolicyName)] = true
	}
	if !names["lf-read"] || len(names) != 2 {
		t.Errorf("lf-team attached policies %v, want lf-read (ManagedPolicyArns) and the Write policy (its Groups)", names)
	}
	gp, err := e.iam.GetGroupPolicy(ctx(t), &iam.GetGroupPolicyInput{GroupName: aws.String("lf-team"), PolicyName: aws.String("inline-logs")})
	if err != nil {
		t.Fatalf("GetGroupPolicy: %v", err)
	}
	if a := firstAction(t, policyDoc(t, gp.PolicyDocument)); a != "logs:GetLogEvents" {
		t.Errorf("inline group policy action %q", a)
	}
	if _, err := e.iam.GetGroupPolicy(ctx(t), &iam.GetGroupPolicyInput{GroupName: aws.String(anon), PolicyName: aws.String("extra")}); err != nil {
		t.Errorf("AWS::IAM::Policy with Groups: [!Ref Anonymous]: %v", err)
	}

	// Per-resource events, in creation order, with type and physical id.
	var sawTeam bool
	for _, ev := range e.events(t, "groups") {
		if aws.ToString(ev.LogicalResourceId) == "Team" && ev.ResourceStatus == cfntypes.ResourceStatusCreateComplete {
			sawTeam = aws.ToString(ev.ResourceType) == "AWS::IAM::Group" && aws.ToString(ev.PhysicalResourceId) == "lf-team"
		}
	}
	if !sawTeam {
		t.Errorf("no Team CREATE_COMPLETE event with type AWS::IAM::Group and physical id lf-team:\n%s", e.eventLog(t, "groups"))
	}
	wantSubsequence(t, e.statuses(t, "groups"), []string{
		"groups CREATE_IN_PROGRESS", "Read CREATE_IN_PROGRESS", "Read CREATE_COMPLETE",
		"Team CREATE_IN_PROGRESS", "Team CREATE_COMPLETE", "Members CREATE_COMPLETE", "groups CREATE_COMPLETE",
	})

	// A member added outside the stack blocks DeleteGroup: DELETE_FAILED, the stack stays.
	if _, err := e.iam.CreateUser(ctx(t), &iam.CreateUserInput{UserName: aws.String("bob")}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.iam.AddUserToGroup(ctx(t), &iam.AddUserToGroupInput{GroupName: aws.String("lf-team"), UserName: aws.String("bob")}); err != nil {
		t.Fatal(err)
	}
	e.deleteStack(t, "groups")
	st = e.wantStatus(t, "groups", cfntypes.StackStatusDeleteFailed)
	if !strings.Contains(aws.ToString(st.StackStatusReason), "[Team]") {
		t.Errorf("DELETE_FAILED reason %q does not name Team", aws.ToString(st.StackStatusReason))
	}
	if _, err := e.iam.RemoveUserFromGroup(ctx(t), &iam.RemoveUserFromGroupInput{GroupName: aws.String("lf-team"), UserName: aws.String("bob")}); err != nil {
		t.Fatal(err)
	}
	e.deleteStack(t, "groups")
	e.wantGone(t, "groups")
	e.noLocalIAM(t)
	ug, err := e.iam.ListGroupsForUser(ctx(t), &iam.ListGroupsForUserInput{UserName: aws.String("alice")})
	if err != nil || len(ug.Groups) != 0 {
		t.Errorf("alice still in groups after delete: %v %v", ug, err)
	}
}

const roleV1 = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  MP1:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: lf-mp1
      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: s3:ListBucket, Resource: "*"}]}
  MP2:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: lf-mp2
      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: ecr:DescribeImages, Resource: "*"}]}
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: lf-role
      AssumeRolePolicyDocument: ` + trust + `
      MaxSessionDuration: 7200
      ManagedPolicyArns: [!Ref MP1, arn:aws:iam::aws:policy/ReadOnlyAccess]
      Policies:
        - PolicyName: inline
          PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: s3:GetObject, Resource: "*"}]}
`

// testIAMRoleAndManagedPolicyUpdates (TestPlugin/IAMRoleAndManagedPolicyUpdates): ManagedPolicyArns attached and
// re-synced, inline Policies and MaxSessionDuration updated in place, inline
// documents returned as JSON, a ManagedPolicy document change makes a new
// default version (at most 5 kept), and delete-stack leaves nothing behind.
func testIAMRoleAndManagedPolicyUpdates(t *testing.T, e *env) {
	e.createStack(t, "roles", roleV1)
	e.wantStatus(t, "roles", cfntypes.StackStatusCreateComplete)
	e.wantRole(t, 7200, "s3:GetObject", "ReadOnlyAccess", "lf-mp1")

	// Update through UpdateStack: managed set, inline action, duration, MP1's document.
	v2 := strings.NewReplacer(
		"[!Ref MP1, arn:aws:iam::aws:policy/ReadOnlyAccess]", "[!Ref MP1, !Ref MP2]",
		"Action: s3:GetObject", "Action: s3:PutObject",
		"MaxSessionDuration: 7200", "MaxSessionDuration: 10800",
		"Action: s3:ListBucket", "Action: s3:ListAllMyBuckets",
	).Replace(roleV1)
	e.updateStack(t, "roles", v2)
	e.wantStatus(t, "roles", cfntypes.StackStatusUpdateComplete)
	e.wantRole(t, 10800, "s3:PutObject", "lf-mp1", "lf-mp2")
	mp1 := "arn:aws:iam::123456789012:policy/lf-mp1"
	e.wantDefaultVersion(t, mp1, "v2", "s3:ListAllMyBuckets")
	wantSubsequence(t, e.statuses(t, "roles"), []string{
		"roles UPDATE_IN_PROGRESS", "MP1 UPDATE_IN_PROGRESS", "MP1 UPDATE_COMPLETE",
		"Role UPDATE_IN_PROGRESS", "Role UPDATE_COMPLETE", "roles UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "roles UPDATE_COMPLETE",
	})

	// Five more document changes through change sets: still 5 versions, v7 default, v1..v2 gone.
	body := v2
	for i, action := range []string{"s3:A", "s3:B", "s3:C", "s3:D", "s3:E"} {
		next := strings.Replace(v2, "Action: s3:ListAllMyBuckets", "Action: "+action, 1)
		if got := e.changeSet(t, "roles", "cs"+string(rune('a'+i)), next, cfntypes.ChangeSetTypeUpdate); got != cfntypes.ExecutionStatusExecuteComplete {
			t.Fatalf("change set %d: %s", i, got)
		}
		body = next
	}
	_ = body
	vs, err := e.iam.ListPolicyVersions(ctx(t), &iam.ListPolicyVersionsInput{PolicyArn: aws.String(mp1)})
	if err != nil {
		t.Fatal(err)
	}
	if len(vs.Versions) != 5 {
		t.Errorf("lf-mp1 has %d versions, want 5 (IAM's limit; CloudFormation deletes the oldest)", len(vs.Versions))
	}
	e.wantDefaultVersion(t, mp1, "v7", "s3:E")

	// Removing MP2 from the template: detached from the role, then deleted in the cleanup phase.
	v3 := strings.Replace(strings.Replace(v2, "[!Ref MP1, !Ref MP2]", "[!Ref MP1]", 1),
		`  MP2:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: lf-mp2
      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: ecr:DescribeImages, Resource: "*"}]}
`, "", 1)
	e.updateStack(t, "roles", v3)
	e.wantStatus(t, "roles", cfntypes.StackStatusUpdateComplete)
	e.wantRole(t, 10800, "s3:PutObject", "lf-mp1")
	if _, err := e.iam.GetPolicy(ctx(t), &iam.GetPolicyInput{PolicyArn: aws.String("arn:aws:iam::123456789012:policy/lf-mp2")}); apiCode(t, err) != "NoSuchEntity" {
		t.Errorf("lf-mp2 still exists after it left the template")
	}

	e.deleteStack(t, "roles")
	e.wantGone(t, "roles")
	e.noLocalIAM(t)
}

func (e *env) wantRole(t *testing.T, duration int32, inlineAction string, managed ...string) {
	t.Helper()
	r, err := e.iam.GetRole(ctx(t), &iam.GetRoleInput{RoleName: aws.String("lf-role")})
	if err != nil {
		t.Fatalf("GetRole: %v", err)
	}
	if got := aws.ToInt32(r.Role.MaxSessionDuration); got != duration {
		t.Errorf("MaxSessionDuration %d, want %d", got, duration)
	}
	p, err := e.iam.GetRolePolicy(ctx(t), &iam.GetRolePolicyInput{RoleName: aws.String("lf-role"), PolicyName: aws.String("inline")})
	if err != nil {
		t.Fatalf("GetRolePolicy: %v", err)
	}
	if a := firstAction(t, policyDoc(t, p.PolicyDocument)); a != inlineAction {
		t.Errorf("inline action %q, want %q", a, inlineAction)
	}
	att, err := e.iam.ListAttachedRolePolicies(ctx(t), &iam.ListAttachedRolePoliciesInput{RoleName: aws.String("lf-role")})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range att.AttachedPolicies {
		got = append(got, aws.ToString(a.PolicyName))
	}
	if strings.Join(sorted(got), ",") != strings.Join(sorted(managed), ",") {
		t.Errorf("attached role policies %v, want %v", got, managed)
	}
}

func (e *env) wantDefaultVersion(t *testing.T, arn, version, action string) {
	t.Helper()
	p, err := e.iam.GetPolicy(ctx(t), &iam.GetPolicyInput{PolicyArn: aws.String(arn)})
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(p.Policy.DefaultVersionId); got != version {
		t.Errorf("%s default version %s, want %s", arn, got, version)
	}
	v, err := e.iam.GetPolicyVersion(ctx(t), &iam.GetPolicyVersionInput{PolicyArn: aws.String(arn), VersionId: aws.String(version)})
	if err != nil {
		t.Fatalf("GetPolicyVersion %s: %v", version, err)
	}
	if a := firstAction(t, policyDoc(t, v.PolicyVersion.Document)); a != action {
		t.Errorf("%s %s action %q, want %q", arn, version, a, action)
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

const userTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Uploaders:
    Type: AWS::IAM::Group
    Properties:
      GroupName: lf-uploaders
  Readers:
    Type: AWS::IAM::Group
    Properties:
      GroupName: lf-readers
  Read:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: lf-user-read
      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: s3:GetObject, Resource: "*"}]}
  Uploader:
    Type: AWS::IAM::User
    Properties:
      UserName: lf-uploader
      Path: /svc/
      Groups: [!Ref Uploaders]
      ManagedPolicyArns: [!Ref Read]
      Policies:
        - PolicyName: put
          PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: s3:PutObject, Resource: "*"}]}
      Tags: [{Key: Owner, Value: platform}, {Key: ManagedBy, Value: landform}]
`

// testIAMUser (TestPlugin/IAMUser): AWS::IAM::User with Groups,
// ManagedPolicyArns, Policies and Tags (moto alone ignores all four), updated
// in place (moto alone fails any update that names UserName), and deleted
// with its memberships so the stack's groups can go too.
func testIAMUser(t *testing.T, e *env) {
	e.createStack(t, "users", userTemplate)
	e.wantStatus(t, "users", cfntypes.StackStatusCreateComplete)
	check := func(stage, group, policy, action string, tags map[string]string) {
		t.Helper()
		u, err := e.iam.GetUser(ctx(t), &iam.GetUserInput{UserName: aws.String("lf-uploader")})
		if err != nil {
			t.Fatalf("%s: GetUser: %v", stage, err)
		}
		if aws.ToString(u.User.Path) != "/svc/" {
			t.Errorf("%s: path %q", stage, aws.ToString(u.User.Path))
		}
		gs, err := e.iam.ListGroupsForUser(ctx(t), &iam.ListGroupsForUserInput{UserName: aws.String("lf-uploader")})
		if err != nil || len(gs.Groups) != 1 || aws.ToString(gs.Groups[0].GroupName) != group {
			t.Errorf("%s: groups %v (%v), want [%s]", stage, gs, err, group)
		}
		att, err := e.iam.ListAttachedUserPolicies(ctx(t), &iam.ListAttachedUserPoliciesInput{UserName: aws.String("lf-uploader")})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, p := range att.AttachedPolicies {
			names = append(names, aws.ToString(p.PolicyName))
		}
		if strings.Join(names, ",") != policy {
			t.Errorf("%s: attached %v, want [%s]", stage, names, policy)
		}
		up, err := e.iam.GetUserPolicy(ctx(t), &iam.GetUserPolicyInput{UserName: aws.String("lf-uploader"), PolicyName: aws.String("put")})
		if err != nil {
			t.Fatalf("%s: GetUserPolicy: %v", stage, err)
		}
		if a := firstAction(t, policyDoc(t, up.PolicyDocument)); a != action {
			t.Errorf("%s: inline action %q, want %q", stage, a, action)
		}
		tl, err := e.iam.ListUserTags(ctx(t), &iam.ListUserTagsInput{UserName: aws.String("lf-uploader")})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, tg := range tl.Tags {
			got[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
		}
		if len(got) != len(tags) {
			t.Errorf("%s: tags %v, want %v", stage, got, tags)
		}
		for k, v := range tags {
			if got[k] != v {
				t.Errorf("%s: tags %v, want %v", stage, got, tags)
			}
		}
	}
	check("create", "lf-uploaders", "lf-user-read", "s3:PutObject", map[string]string{"Owner": "platform", "ManagedBy": "landform"})

	updated := strings.NewReplacer("Groups: [!Ref Uploaders]", "Groups: [!Ref Readers]",
		"ManagedPolicyArns: [!Ref Read]", "ManagedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]",
		"Action: s3:PutObject", "Action: s3:DeleteObject",
		"Tags: [{Key: Owner, Value: platform}, {Key: ManagedBy, Value: landform}]", "Tags: [{Key: Owner, Value: data}]").Replace(userTemplate)
	e.updateStack(t, "users", updated)
	e.wantStatus(t, "users", cfntypes.StackStatusUpdateComplete)
	check("update", "lf-readers", "ReadOnlyAccess", "s3:DeleteObject", map[string]string{"Owner": "data"})

	e.deleteStack(t, "users")
	e.wantGone(t, "users")
	e.noLocalIAM(t)
}
