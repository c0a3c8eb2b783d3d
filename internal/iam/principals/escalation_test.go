package principals_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/landform/landform/internal/iam/principals"
)

// techniques maps each testdata/escalation directory to the technique its
// opens.yaml must be reported with and its near-miss.yaml must not.
var techniques = map[string]string{
	"assume-role":                                 "sts:AssumeRole",
	"passrole-lambda":                             "iam:PassRole+lambda:CreateFunction",
	"passrole-ec2":                                "iam:PassRole+ec2:RunInstances",
	"passrole-cloudformation":                     "iam:PassRole+cloudformation:CreateStack",
	"passrole-glue":                               "iam:PassRole+glue:CreateDevEndpoint",
	"passrole-codebuild":                          "iam:PassRole+codebuild:CreateProject",
	"passrole-sagemaker":                          "iam:PassRole+sagemaker:CreateNotebookInstance",
	"passrole-ecs":                                "iam:PassRole+ecs:RunTask",
	"passrole-glue-job":                           "iam:PassRole+glue:CreateJob",
	"passrole-sagemaker-training":                 "iam:PassRole+sagemaker:CreateTrainingJob",
	"passrole-sagemaker-processing":               "iam:PassRole+sagemaker:CreateProcessingJob",
	"passrole-ecs-service":                        "iam:PassRole+ecs:CreateService",
	"passrole-apprunner":                          "iam:PassRole+apprunner:CreateService",
	"passrole-stepfunctions":                      "iam:PassRole+states:CreateStateMachine",
	"passrole-batch":                              "iam:PassRole+batch:SubmitJob",
	"passrole-bedrock-agentcore":                  "iam:PassRole+bedrock-agentcore:CreateCodeInterpreter",
	"passrole-cloudformation-update":              "iam:PassRole+cloudformation:UpdateStack",
	"passrole-cloudformation-stackset":            "iam:PassRole+cloudformation:CreateStackSet",
	"passrole-ec2-spot":                           "iam:PassRole+ec2:RequestSpotInstances",
	"passrole-autoscaling":                        "iam:PassRole+autoscaling:CreateAutoScalingGroup",
	"passrole-emr":                                "iam:PassRole+elasticmapreduce:RunJobFlow",
	"self-attach-role-policy":                     "iam:AttachRolePolicy",
	"self-put-role-policy":                        "iam:PutRolePolicy",
	"self-put-user-policy":                        "iam:PutUserPolicy",
	"update-assume-role-policy":                   "iam:UpdateAssumeRolePolicy",
	"lambda-update-function-code":                 "lambda:UpdateFunctionCode",
	"create-policy-version":                       "iam:CreatePolicyVersion",
	"create-access-key":                           "iam:CreateAccessKey",
	"create-login-profile":                        "iam:CreateLoginProfile",
	"add-user-to-group":                           "iam:AddUserToGroup",
	"outsider-assume-role":                        "sts:AssumeRole",
	"update-assume-role-policy-alone":             "iam:UpdateAssumeRolePolicy",
	"edit-role-attach-then-assume":                "iam:AttachRolePolicy",
	"edit-role-put-then-rewrite-trust":            "iam:PutRolePolicy",
	"edit-role-policy-version":                    "iam:CreatePolicyVersion",
	"edit-user-attach-then-key":                   "iam:AttachUserPolicy",
	"edit-user-put-then-login":                    "iam:PutUserPolicy",
	"edit-group-then-key":                         "iam:PutGroupPolicy",
	"codebuild-start-build":                       "codebuild:StartBuild",
	"codebuild-start-build-batch":                 "codebuild:StartBuildBatch",
	"ssm-start-session":                           "ssm:StartSession",
	"ssm-send-command":                            "ssm:SendCommand",
	"ec2-instance-connect":                        "ec2-instance-connect:SendSSHPublicKey",
	"ec2-modify-user-data":                        "ec2:ModifyInstanceAttribute",
	"launch-template-version":                     "ec2:CreateLaunchTemplateVersion+ec2:ModifyLaunchTemplate",
	"glue-update-dev-endpoint":                    "glue:UpdateDevEndpoint",
	"glue-update-job-run":                         "iam:PassRole+glue:UpdateJob+glue:StartJobRun",
	"glue-update-job-trigger":                     "iam:PassRole+glue:UpdateJob+glue:CreateTrigger",
	"sagemaker-presigned-url":                     "sagemaker:CreatePresignedNotebookInstanceUrl",
	"sagemaker-lifecycle-config":                  "sagemaker:CreateNotebookInstanceLifecycleConfig+sagemaker:UpdateNotebookInstance",
	"apprunner-update-service":                    "apprunner:UpdateService",
	"agentcore-code-interpreter":                  "bedrock-agentcore:StartCodeInterpreterSession",
	"passrole-lambda-add-permission":              "iam:PassRole+lambda:CreateFunction+lambda:AddPermission",
	"passrole-lambda-event-source":                "iam:PassRole+lambda:CreateFunction+lambda:CreateEventSourceMapping",
	"passrole-codebuild-batch":                    "iam:PassRole+codebuild:CreateProject+codebuild:StartBuildBatch",
	"passrole-glue-job-trigger":                   "iam:PassRole+glue:CreateJob+glue:CreateTrigger",
	"stackset-update":                             "iam:PassRole+cloudformation:UpdateStackSet",
	"edit-role-put-then-assume":                   "iam:PutRolePolicy",
	"edit-role-attach-then-rewrite-trust":         "iam:AttachRolePolicy",
	"edit-role-policy-version-then-rewrite-trust": "iam:CreatePolicyVersion",
	"chain-through-non-admin":                     "iam:AddUserToGroup",
	"edit-role-trust-condition":                   "iam:AttachRolePolicy",
	"self-attach-user-policy":                     "iam:AttachUserPolicy",
	"self-group-attach-policy":                    "iam:AttachGroupPolicy",
	"self-group-put-policy":                       "iam:PutGroupPolicy",
	"update-login-profile":                        "iam:UpdateLoginProfile",
	"edit-user-put-then-key":                      "iam:PutUserPolicy",
}

// TestOutsiderPaths: a role any AWS account can assume is the worst path
// there is, listed first: to an admin role in one step, and through a
// relay role that is not admin but has a path of its own, followed.
func TestOutsiderPaths(t *testing.T) {
	paths := escalationsOf(t, "testdata/escalation/outsider-assume-role/opens.yaml")
	var got []string
	for _, p := range paths {
		var steps []string
		for _, s := range p.Steps {
			steps = append(steps, s.From+" -> "+s.To)
		}
		got = append(got, strings.Join(steps, ", "))
	}
	want := []string{
		"anyone (any AWS account) -> admin@111111111111",
		// admin trusts "*", which in its own account needs no identity
		// policy: relay's shortest way is admin itself.
		"anyone (any AWS account) -> relay@111111111111, relay@111111111111 -> admin@111111111111",
		"relay@111111111111 -> admin@111111111111",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("paths:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if paths[0].Principal != principals.Outsider || len(paths[0].Steps[0].Statements) != 1 {
		t.Errorf("first path: %+v", paths[0])
	}
}

func escalationsOf(t *testing.T, file string) []principals.Path {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	src, err := principals.ParseTemplate(file, data, "111111111111")
	if err != nil {
		t.Fatal(err)
	}
	w := principals.New()
	if err := w.Add(src); err != nil {
		t.Fatal(err)
	}
	w.Finish()
	if len(w.Warnings) > 0 {
		t.Fatalf("%s: %v", file, w.Warnings)
	}
	return w.Escalations(nil)
}

func hasTechnique(paths []principals.Path, tech string) bool {
	for _, p := range paths {
		for _, s := range p.Steps {
			if s.Technique == tech && len(s.Statements) > 0 {
				return true
			}
		}
	}
	return false
}

func TestEscalationPathsOpenAndNearMisses(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/escalation/*")
	if len(dirs) != len(techniques) {
		t.Fatalf("%d directories for %d techniques", len(dirs), len(techniques))
	}
	for _, dir := range dirs {
		tech, ok := techniques[filepath.Base(dir)]
		if !ok {
			t.Errorf("%s: no technique listed for it", dir)
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			opens := escalationsOf(t, filepath.Join(dir, "opens.yaml"))
			if !hasTechnique(opens, tech) {
				t.Errorf("opens.yaml: %s not found in %+v", tech, opens)
			}
			near := escalationsOf(t, filepath.Join(dir, "near-miss.yaml"))
			if len(near) != 0 {
				var s []string
				for _, p := range near {
					s = append(s, p.Principal)
				}
				t.Errorf("near-miss.yaml reports paths from %s: %+v", strings.Join(s, ", "), near)
			}
		})
	}
}

// noCatalogueID are the directories whose technique pathfinding.cloud
// does not list (it lists the others, and each is reported with its id).
var noCatalogueID = map[string]bool{
	"passrole-stepfunctions": true,
	"passrole-batch":         true,
	"passrole-autoscaling":   true,
	"passrole-emr":           true,
	// Editing a user, then a console password; editing the user's group:
	// the catalogue's pairs end with an access key and edit the user itself.
	"edit-user-put-then-login": true,
	"edit-group-then-key":      true,
}

// TestPathfindingIDs: the step of each opens.yaml that uses its directory's
// technique names its pathfinding.cloud id (a two-step path on its first step).
func TestPathfindingIDs(t *testing.T) {
	for dir, tech := range techniques {
		paths := escalationsOf(t, filepath.Join("testdata/escalation", dir, "opens.yaml"))
		found := false
		for _, p := range paths {
			for _, s := range p.Steps {
				if s.Technique != tech {
					continue
				}
				found = true
				if (s.Pathfinding == "") != noCatalogueID[dir] {
					t.Errorf("%s: step %s has pathfinding.cloud id %q", dir, tech, s.Pathfinding)
				}
			}
		}
		if !found {
			t.Errorf("%s: no step %s", dir, tech)
		}
	}
}
