package cli

import (
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/landform/landform/internal/operator"
	"github.com/landform/landform/internal/testutil/moto"
)

// TestAWSScripts runs the scripts in testdata/aws against test/moto/server:
// the AWS commands as a user runs them, with the aws CLI (part of the
// machine image) to look at or disturb the account from outside. Scripts
// run in parallel, each with a server of its own.
//
// Script commands besides testscript's own:
//
//	moto reset      forget every resource
//	moto record     start recording requests
//	moto requests N stop recording; fail unless N AWS requests were made
//	moto authorize  turn IAM authorization on: every later call must be
//	                signed by a known identity and its policies allow it
//	moto own-calls  stop recording; fail unless every AWS request recorded is
//	                one of landform's own calls the operator check knows
//	                (operator.OwnActions; sts:GetCallerIdentity needs no
//	                permission; S3's REST calls are not named here)
//	moto credentials FILE
//	                use the access key in FILE ("KEY-ID SECRET", as
//	                aws iam create-access-key --output text prints it)
func TestAWSScripts(t *testing.T) {
	examples, err := filepath.Abs("../../examples")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/aws",
		Setup: func(env *testscript.Env) error {
			s := moto.Start(t)
			env.Values[serverKey{}] = s
			env.Setenv("EXAMPLES", examples)
			env.Setenv("ENDPOINT", s.URL)
			env.Setenv("AWS_ENDPOINT_URL", s.URL)
			env.Setenv("AWS_ACCESS_KEY_ID", "testing")
			env.Setenv("AWS_SECRET_ACCESS_KEY", "testing")
			env.Setenv("AWS_DEFAULT_REGION", "us-east-1")
			// No shared config or credentials of the machine running the tests.
			env.Setenv("AWS_CONFIG_FILE", filepath.Join(env.WorkDir, "no-aws-config"))
			env.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(env.WorkDir, "no-aws-credentials"))
			env.Setenv("HOME", env.WorkDir)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"moto": func(ts *testscript.TestScript, neg bool, args []string) {
				s := ts.Value(serverKey{}).(*moto.Server)
				if neg || len(args) == 0 {
					ts.Fatalf("usage: moto reset | record | requests N | authorize | credentials FILE")
				}
				switch args[0] {
				case "reset":
					s.Reset(t)
				case "authorize":
					s.Authorize(t)
				case "own-calls":
					known := operator.OwnActions()
					n := 0
					for _, r := range s.Recording(t) {
						action := requestAction(r)
						// GetCallerIdentity needs no permission; AssumeRole is
						// the hop into an account (access), which the caller's
						// own identity makes before the operator policy applies.
						if action == "" || strings.EqualFold(action, "sts:GetCallerIdentity") || strings.EqualFold(action, "sts:AssumeRole") {
							continue
						}
						n++
						if !slices.Contains(known, strings.ToLower(action)) {
							ts.Fatalf("landform called %s, which the operator check (internal/operator, ownCalls) does not know", action)
						}
					}
					if n == 0 {
						ts.Fatalf("no request recorded")
					}
					ts.Logf("%d requests, each a call the operator check knows", n)
				case "credentials":
					if len(args) != 2 {
						ts.Fatalf("usage: moto credentials FILE")
					}
					keys := strings.Fields(ts.ReadFile(args[1]))
					if len(keys) != 2 {
						ts.Fatalf("%s: want an access key id and a secret, got %d fields", args[1], len(keys))
					}
					ts.Setenv("AWS_ACCESS_KEY_ID", keys[0])
					ts.Setenv("AWS_SECRET_ACCESS_KEY", keys[1])
				case "record":
					s.StartRecording(t)
				case "requests":
					want, err := strconv.Atoi(args[1])
					ts.Check(err)
					reqs := s.Recording(t)
					if len(reqs) != want {
						var lines []string
						for _, r := range reqs {
							lines = append(lines, fmt.Sprintf("%s %s %.80s", r.Method, r.URL, r.Body))
						}
						ts.Fatalf("%d AWS requests, want %d:\n%s", len(reqs), want, strings.Join(lines, "\n"))
					}
				default:
					ts.Fatalf("unknown moto command %q", args[0])
				}
			},
		},
	})
}

type serverKey struct{}

// requestAction is a recorded request's IAM action ("cloudformation:CreateChangeSet"):
// the service from its signature's scope, the operation from the query
// body's Action or the JSON protocol's X-Amz-Target; "" for S3's REST
// calls and anything else unsigned or unnamed.
func requestAction(r moto.Request) string {
	auth := r.Headers["Authorization"]
	_, scope, ok := strings.Cut(auth, "Credential=")
	if !ok {
		return ""
	}
	parts := strings.Split(strings.SplitN(scope, ",", 2)[0], "/")
	if len(parts) < 4 || parts[3] == "s3" {
		return ""
	}
	service := parts[3]
	if target := r.Headers["X-Amz-Target"]; target != "" {
		_, op, _ := strings.Cut(target, ".")
		return service + ":" + op
	}
	if values, err := url.ParseQuery(r.Body); err == nil && values.Get("Action") != "" {
		return service + ":" + values.Get("Action")
	}
	return ""
}
