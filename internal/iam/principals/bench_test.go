package principals_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/landform/landform/internal/iam/principals"
)

// bigWorkspace: users engineers (IAM users in 10 groups) in an identity
// account, accounts accounts of roles roles each; every role trusts the identity
// account with an aws:PrincipalArn condition naming two groups' worth of
// users, and the groups may assume roles in every account.
func bigWorkspace(t testing.TB, users, accounts, roles int) *principals.Model {
	w := principals.New()
	const identity = "100000000000"
	var b strings.Builder
	b.WriteString("Resources:\n")
	for g := 0; g < 10; g++ {
		fmt.Fprintf(&b, "  G%d:\n    Type: AWS::IAM::Group\n    Properties:\n      GroupName: eng-%d\n      Policies:\n        - PolicyName: assume\n          PolicyDocument: {Version: \"2012-10-17\", Statement: [{Effect: Allow, Action: sts:AssumeRole, Resource: \"arn:aws:iam::*:role/team-%d-*\"}]}\n", g, g, g)
	}
	// The users come in stacks of 2,000 (a template is at most 1 MB); a
	// user names its group, which another stack may hold.
	users0 := b.String()
	var ub []strings.Builder
	for u := 0; u < users; u++ {
		if u%2000 == 0 {
			ub = append(ub, strings.Builder{})
			ub[len(ub)-1].WriteString("Resources:\n")
		}
		fmt.Fprintf(&ub[len(ub)-1], "  U%d:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: eng%03d\n      Groups: [eng-%d]\n", u, u, u%10)
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
	add("identity.yaml", identity, users0)
	for i := range ub {
		add(fmt.Sprintf("identity-users-%d.yaml", i), identity, ub[i].String())
	}
	for a := 1; a <= accounts; a++ {
		acct := fmt.Sprintf("%012d", a*111111111111%1000000000000)
		var rb strings.Builder
		rb.WriteString("Resources:\n")
		for r := 0; r < roles; r++ {
			g := r % 10
			fmt.Fprintf(&rb, "  R%d:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: team-%d-r%d\n      AssumeRolePolicyDocument:\n        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            Principal: {AWS: \"arn:aws:iam::%s:root\"}\n            Action: sts:AssumeRole\n            Condition: {ArnLike: {\"aws:PrincipalArn\": \"arn:aws:iam::%s:user/eng*\"}}\n      Policies:\n        - PolicyName: work\n          PolicyDocument: {Version: \"2012-10-17\", Statement: [{Effect: Allow, Action: [\"s3:GetObject\", \"s3:PutObject\"], Resource: \"arn:aws:s3:::data-%d-%d/*\"}, {Effect: Allow, Action: sts:AssumeRole, Resource: \"arn:aws:iam::*:role/team-%d-*\"}]}\n", r, g, r, identity, identity, a, r, g)
		}
		add(fmt.Sprintf("account-%d.yaml", a), acct, rb.String())
	}
	w.Finish()
	if len(w.Principals) != users+10+accounts*roles {
		t.Fatalf("%d principals", len(w.Principals))
	}
	return w
}

// TestWhoCanBigOrganization: who-can over 500 engineers, 50 roles per
// account and 6 accounts finds exactly who can. Its speed (the target is
// under a second, assume-role graph included) is BenchmarkWhoCan's to
// measure, not a timed test's.
func TestWhoCanBigOrganization(t *testing.T) {
	w := bigWorkspace(t, 500, 6, 50)
	answers := w.WhoCan("s3:PutObject", "arn:aws:s3:::data-3-7/x", nil)
	// team-7-r7 in account 3 can; the 50 users of eng-7 reach it (the
	// trust names users eng*: neither the group's stand-in member nor the
	// other team-7 roles match it).
	if len(answers) != 1+50 {
		t.Fatalf("%d principals can", len(answers))
	}
}

func BenchmarkWhoCan(b *testing.B) {
	w := bigWorkspace(b, 500, 6, 50)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// A fresh context each time, so the graph is rebuilt every run.
		w.WhoCan("s3:PutObject", "arn:aws:s3:::data-3-7/x", principals.Context{"bench:run": fmt.Sprint(i)})
	}
}

// BenchmarkWhoCanEstate is the estate-sized question: 10,000 engineers,
// 50 accounts of 50 roles each (2,500 roles). The target is under a
// second per question, the assume-role graph rebuilt each time.
func BenchmarkWhoCanEstate(b *testing.B) {
	w := bigWorkspace(b, 10000, 50, 50)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w.WhoCan("s3:PutObject", "arn:aws:s3:::data-3-7/x", principals.Context{"bench:run": fmt.Sprint(i)})
	}
}

// chains renders who-can's answers: each principal and its chain.
func chains(as []principals.Answer) []string {
	var out []string
	for _, a := range as {
		var hops []string
		for _, h := range a.Chain {
			hops = append(hops, h.Principal.ARN+fmt.Sprint(len(h.Statements)))
		}
		out = append(out, strings.Join(hops, " > "))
	}
	return out
}

// TestLazyGraphAnswersAsFull: WhoCan and Can compute only the edges their
// question reaches; what they answer is what they answer over the full
// graph (the one escalation computes), chains and statements included.
func TestLazyGraphAnswersAsFull(t *testing.T) {
	lazy, full := bigWorkspace(t, 60, 3, 12), bigWorkspace(t, 60, 3, 12)
	full.FullGraph(nil)
	questions := [][2]string{
		{"s3:PutObject", "arn:aws:s3:::data-2-7/x"},
		{"s3:GetObject", "arn:aws:s3:::data-1-0/k"},
		{"sts:AssumeRole", "arn:aws:iam::222222222222:role/team-3-r3"},
		{"s3:DeleteObject", "arn:aws:s3:::data-1-1/x"}, // nobody
	}
	vias := 0
	for _, q := range questions {
		l, f := chains(lazy.WhoCan(q[0], q[1], nil)), chains(full.WhoCan(q[0], q[1], nil))
		if strings.Join(l, "\n") != strings.Join(f, "\n") {
			t.Errorf("who-can %s %s: lazy\n%s\nfull\n%s", q[0], q[1], strings.Join(l, "\n"), strings.Join(f, "\n"))
		}
		if q[0] == "s3:PutObject" && len(l) == 0 {
			t.Errorf("who-can %s %s: nobody, want the team's engineers", q[0], q[1])
		}
		for _, u := range []string{"eng007", "eng017", "eng001"} {
			lp, fp := lazy.Principal("arn:aws:iam::100000000000:user/"+u), full.Principal("arn:aws:iam::100000000000:user/"+u)
			lr, fr := lazy.Can(lp, q[0], q[1], nil), full.Can(fp, q[0], q[1], nil)
			if (lr.Via == nil) != (fr.Via == nil) || lr.Via != nil && strings.Join(chains([]principals.Answer{*lr.Via}), "") != strings.Join(chains([]principals.Answer{*fr.Via}), "") {
				t.Errorf("can %s %s %s: lazy %+v, full %+v", u, q[0], q[1], lr.Via, fr.Via)
			}
			if lr.Via != nil {
				vias++
			}
		}
	}
	if vias == 0 {
		t.Error("no question was answered through a role chain")
	}
}

// BenchmarkEscalation is escalation over an organization of 500 engineers
// and 6 accounts of 50 roles (3,010 principals, none admin): every
// technique is tried from every principal, the editing ones only from
// those whose policies name an edit action.
func BenchmarkEscalation(b *testing.B) {
	w := bigWorkspace(b, 500, 6, 50)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if paths := w.Escalations(principals.Context{"bench:run": fmt.Sprint(i)}); len(paths) != 0 {
			b.Fatalf("%d paths, want none", len(paths))
		}
	}
}

// BenchmarkEscalationEstate is escalation over the who-can estate: 10,000
// engineers, 50 accounts of 50 roles. Nothing there reaches admin, so no
// assume-role decision is needed; the budget is who-can's, under a second.
func BenchmarkEscalationEstate(b *testing.B) {
	w := bigWorkspace(b, 10000, 50, 50)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if paths := w.Escalations(principals.Context{"bench:run": fmt.Sprint(i)}); len(paths) != 0 {
			b.Fatalf("%d paths, want none", len(paths))
		}
	}
}
