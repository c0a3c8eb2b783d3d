package principals_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/landform/landform/internal/iam/principals"
)

// bigWorkspace: 500 engineers (IAM users in 10 groups) in an identity
// account, 6 accounts of 50 roles each; every role trusts the identity
// account with an aws:PrincipalArn condition naming two groups' worth of
// users, and the groups may assume roles in every account.
func bigWorkspace(t testing.TB) *principals.Model {
	w := principals.New()
	const identity = "100000000000"
	var b strings.Builder
	b.WriteString("Resources:\n")
	for g := 0; g < 10; g++ {
		fmt.Fprintf(&b, "  G%d:\n    Type: AWS::IAM::Group\n    Properties:\n      GroupName: eng-%d\n      Policies:\n        - PolicyName: assume\n          PolicyDocument: {Version: \"2012-10-17\", Statement: [{Effect: Allow, Action: sts:AssumeRole, Resource: \"arn:aws:iam::*:role/team-%d-*\"}]}\n", g, g, g)
	}
	for u := 0; u < 500; u++ {
		fmt.Fprintf(&b, "  U%d:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: eng%03d\n      Groups: [{Ref: G%d}]\n", u, u, u%10)
	}
	add := func(file, acct, body string) {
		src, err := principals.ParseTemplate(file, []byte(body), acct)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Add(src); err != nil {
			t.Fatal(err)
		}
	}
	add("identity.yaml", identity, b.String())
	for a := 1; a <= 6; a++ {
		acct := fmt.Sprintf("%012d", a*111111111111%1000000000000)
		var rb strings.Builder
		rb.WriteString("Resources:\n")
		for r := 0; r < 50; r++ {
			g := r % 10
			fmt.Fprintf(&rb, "  R%d:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: team-%d-r%d\n      AssumeRolePolicyDocument:\n        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            Principal: {AWS: \"arn:aws:iam::%s:root\"}\n            Action: sts:AssumeRole\n            Condition: {ArnLike: {\"aws:PrincipalArn\": \"arn:aws:iam::%s:user/eng*\"}}\n      Policies:\n        - PolicyName: work\n          PolicyDocument: {Version: \"2012-10-17\", Statement: [{Effect: Allow, Action: [\"s3:GetObject\", \"s3:PutObject\"], Resource: \"arn:aws:s3:::data-%d-%d/*\"}, {Effect: Allow, Action: sts:AssumeRole, Resource: \"arn:aws:iam::*:role/team-%d-*\"}]}\n", r, g, r, identity, identity, a, r, g)
		}
		add(fmt.Sprintf("account-%d.yaml", a), acct, rb.String())
	}
	w.Finish()
	if len(w.Principals) != 510+300 {
		t.Fatalf("%d principals", len(w.Principals))
	}
	return w
}

// TestWhoCanBigOrganization: who-can over 500 engineers, 50 roles per
// account and 6 accounts finds exactly who can. Its speed (the target is
// under a second, assume-role graph included) is BenchmarkWhoCan's to
// measure, not a timed test's.
func TestWhoCanBigOrganization(t *testing.T) {
	w := bigWorkspace(t)
	answers := w.WhoCan("s3:PutObject", "arn:aws:s3:::data-3-7/x", nil)
	// team-7-r7 in account 3 can; the 50 users of eng-7 reach it (the
	// trust names users eng*: neither the group's stand-in member nor the
	// other team-7 roles match it).
	if len(answers) != 1+50 {
		t.Fatalf("%d principals can", len(answers))
	}
}

func BenchmarkWhoCan(b *testing.B) {
	w := bigWorkspace(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// A fresh context each time, so the graph is rebuilt every run.
		w.WhoCan("s3:PutObject", "arn:aws:s3:::data-3-7/x", principals.Context{"bench:run": fmt.Sprint(i)})
	}
}
