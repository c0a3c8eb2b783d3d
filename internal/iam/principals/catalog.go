package principals

// pathfinding are the ids of the techniques in the public catalogue of AWS
// privilege-escalation paths, pathfinding.cloud (DataDog), by technique;
// docs/iam-eval.md has the whole catalogue, with what is not applicable
// to templates and why. A technique the catalogue does not list has none.
var pathfinding = map[string]string{
	"sts:AssumeRole": "sts-001",

	"iam:PassRole+lambda:CreateFunction":                                               "lambda-001",
	"iam:PassRole+lambda:CreateFunction+lambda:CreateEventSourceMapping":               "lambda-002",
	"iam:PassRole+lambda:CreateFunction+lambda:AddPermission":                          "lambda-006",
	"lambda:UpdateFunctionCode":                                                        "lambda-003",
	"iam:PassRole+ec2:RunInstances":                                                    "ec2-001",
	"iam:PassRole+ec2:RequestSpotInstances":                                            "ec2-003",
	"ec2:ModifyInstanceAttribute":                                                      "ec2-002",
	"ec2:CreateLaunchTemplateVersion+ec2:ModifyLaunchTemplate":                         "ec2-004",
	"ec2-instance-connect:SendSSHPublicKey":                                            "ec2instanceconnect-003",
	"ssm:StartSession":                                                                 "ssm-001",
	"ssm:SendCommand":                                                                  "ssm-002",
	"iam:PassRole+cloudformation:CreateStack":                                          "cloudformation-001",
	"iam:PassRole+cloudformation:UpdateStack":                                          "cloudformation-002",
	"iam:PassRole+cloudformation:CreateStackSet":                                       "cloudformation-003",
	"iam:PassRole+cloudformation:UpdateStackSet":                                       "cloudformation-004",
	"iam:PassRole+codebuild:CreateProject":                                             "codebuild-001",
	"codebuild:StartBuild":                                                             "codebuild-002",
	"codebuild:StartBuildBatch":                                                        "codebuild-003",
	"iam:PassRole+codebuild:CreateProject+codebuild:StartBuildBatch":                   "codebuild-004",
	"iam:PassRole+glue:CreateDevEndpoint":                                              "glue-001",
	"glue:UpdateDevEndpoint":                                                           "glue-002",
	"iam:PassRole+glue:CreateJob":                                                      "glue-003",
	"iam:PassRole+glue:CreateJob+glue:CreateTrigger":                                   "glue-004",
	"iam:PassRole+glue:UpdateJob+glue:StartJobRun":                                     "glue-005",
	"iam:PassRole+glue:UpdateJob+glue:CreateTrigger":                                   "glue-006",
	"iam:PassRole+sagemaker:CreateNotebookInstance":                                    "sagemaker-001",
	"iam:PassRole+sagemaker:CreateTrainingJob":                                         "sagemaker-002",
	"iam:PassRole+sagemaker:CreateProcessingJob":                                       "sagemaker-003",
	"sagemaker:CreatePresignedNotebookInstanceUrl":                                     "sagemaker-004",
	"sagemaker:CreateNotebookInstanceLifecycleConfig+sagemaker:UpdateNotebookInstance": "sagemaker-005",
	"iam:PassRole+ecs:CreateService":                                                   "ecs-003",
	"iam:PassRole+ecs:RunTask":                                                         "ecs-004",
	"iam:PassRole+apprunner:CreateService":                                             "apprunner-001",
	"apprunner:UpdateService":                                                          "apprunner-002",
	"iam:PassRole+bedrock-agentcore:CreateCodeInterpreter":                             "bedrock-001",
	"bedrock-agentcore:StartCodeInterpreterSession":                                    "bedrock-002",

	"iam:CreatePolicyVersion":    "iam-001",
	"iam:CreateAccessKey":        "iam-002",
	"iam:CreateLoginProfile":     "iam-004",
	"iam:PutRolePolicy":          "iam-005",
	"iam:UpdateLoginProfile":     "iam-006",
	"iam:PutUserPolicy":          "iam-007",
	"iam:AttachUserPolicy":       "iam-008",
	"iam:AttachRolePolicy":       "iam-009",
	"iam:AttachGroupPolicy":      "iam-010",
	"iam:PutGroupPolicy":         "iam-011",
	"iam:UpdateAssumeRolePolicy": "iam-012",
	"iam:AddUserToGroup":         "iam-013",
}

// pathfindingPairs are the catalogue's two-step paths: edit another
// principal, then become it (first step's technique, then the second's).
var pathfindingPairs = map[[2]string]string{
	{"iam:AttachRolePolicy", "sts:AssumeRole"}:                "iam-014",
	{"iam:AttachUserPolicy", "iam:CreateAccessKey"}:           "iam-015",
	{"iam:CreatePolicyVersion", "sts:AssumeRole"}:             "iam-016",
	{"iam:PutRolePolicy", "sts:AssumeRole"}:                   "iam-017",
	{"iam:PutUserPolicy", "iam:CreateAccessKey"}:              "iam-018",
	{"iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy"}:    "iam-019",
	{"iam:CreatePolicyVersion", "iam:UpdateAssumeRolePolicy"}: "iam-020",
	{"iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy"}:       "iam-021",
}
