package ml

import (
	"encoding/json"
	"fmt"

	"github.com/landform/landform/internal/cfn"
)

// buildSpec runs the model-build repository's SageMaker pipeline, which
// trains, evaluates and registers a model package (PendingManualApproval)
// in the product's group.
const buildSpec = `version: 0.2
phases:
  install:
    runtime-versions:
      python: 3.11
    commands:
      - pip install --quiet --upgrade "sagemaker>=2,<3" boto3
  build:
    commands:
      - test -f pipelines/run_pipeline.py || { echo "the model-build source needs pipelines/run_pipeline.py"; exit 1; }
      - >-
        python pipelines/run_pipeline.py
        --pipeline-name "$SAGEMAKER_PIPELINE_NAME"
        --role-arn "$SAGEMAKER_ROLE_ARN"
        --model-package-group-name "$MODEL_PACKAGE_GROUP_NAME"
        --artifact-bucket "$ARTIFACT_BUCKET"
artifacts:
  files:
    - "**/*"
`

// deploySpec finds the newest approved model package of the group and
// hands it to the model-deploy repository's script, which creates or
// updates the endpoint.
const deploySpec = `version: 0.2
phases:
  install:
    runtime-versions:
      python: 3.11
    commands:
      - pip install --quiet --upgrade "sagemaker>=2,<3" boto3
  build:
    commands:
      - >-
        MODEL_PACKAGE_ARN=$(aws sagemaker list-model-packages
        --model-package-group-name "$MODEL_PACKAGE_GROUP_NAME" --model-approval-status Approved
        --sort-by CreationTime --sort-order Descending --max-results 1
        --query 'ModelPackageSummaryList[0].ModelPackageArn' --output text)
      - test "$MODEL_PACKAGE_ARN" != "None" || { echo "no approved model package in $MODEL_PACKAGE_GROUP_NAME"; exit 1; }
      - test -f deploy.py || { echo "the model-deploy source needs deploy.py"; exit 1; }
      - >-
        python deploy.py
        --model-package-arn "$MODEL_PACKAGE_ARN"
        --role-arn "$SAGEMAKER_ROLE_ARN"
        --endpoint-name "$ENDPOINT_NAME"
artifacts:
  files:
    - "**/*"
`

func env(name string, value any) *cfn.Map {
	return cfn.M("Name", name, "Type", "PLAINTEXT", "Value", value)
}

func (s *spec) project(n names, build bool) *cfn.Map {
	b := s.cfg.Product.Build
	name, spec, what := n.BuildProject, buildSpec, "Runs the SageMaker model-build pipeline of "
	vars := []any{env("MODEL_PACKAGE_GROUP_NAME", n.ModelPackageGroup), env("ARTIFACT_BUCKET", cfn.Ref("ArtifactsBucket")),
		env("SAGEMAKER_ROLE_ARN", cfn.GetAtt("SageMakerExecutionRole", "Arn"))}
	if build {
		vars = append(vars, env("SAGEMAKER_PIPELINE_NAME", n.SageMakerPipeline))
	} else {
		name, spec, what = n.DeployProject, deploySpec, "Deploys the newest approved model package of "
		vars = append(vars, env("ENDPOINT_NAME", n.ModelPackageGroup+"-endpoint"))
	}
	environment := cfn.M("Type", "LINUX_CONTAINER", "ComputeType", b.ComputeType, "Image", b.Image,
		"PrivilegedMode", b.PrivilegedMode, "EnvironmentVariables", vars)
	m := cfn.M("Name", name, "Description", what+s.Stem(), "ServiceRole", cfn.GetAtt("CodeBuildRole", "Arn"),
		"Source", cfn.M("Type", "CODEPIPELINE", "BuildSpec", spec),
		"Artifacts", cfn.M("Type", "CODEPIPELINE"),
		"Environment", environment,
		"TimeoutInMinutes", 60,
		"LogsConfig", cfn.M("CloudWatchLogs", cfn.M("Status", "ENABLED", "GroupName", "/aws/codebuild/"+name)))
	if s.enterprise() {
		m.Set("EncryptionKey", cfn.GetAtt("KmsKey", "Arn"))
	}
	return m.Set("Tags", s.tags())
}

// sourceKey is where, with s3 source control, a pipeline's source zip goes.
func sourceKey(build bool) string {
	if build {
		return "source/model-build.zip"
	}
	return "source/model-deploy.zip"
}

func (s *spec) pipeline(n names, build bool) *cfn.Map {
	name, repo, project := n.BuildPipeline, "ModelBuildRepository", "BuildProject"
	if !build {
		name, repo, project = n.DeployPipe, "ModelDeployRepository", "DeployProject"
	}
	var source *cfn.Map
	if s.sc.SourceControl == "codecommit" {
		source = cfn.M("Name", "Source",
			"ActionTypeId", cfn.M("Category", "Source", "Owner", "AWS", "Provider", "CodeCommit", "Version", "1"),
			"Configuration", cfn.M("RepositoryName", cfn.GetAtt(repo, "Name"), "BranchName", "main", "PollForSourceChanges", true),
			"OutputArtifacts", []any{cfn.M("Name", "SourceOutput")}, "RunOrder", 1)
	} else {
		source = cfn.M("Name", "Source",
			"ActionTypeId", cfn.M("Category", "Source", "Owner", "AWS", "Provider", "S3", "Version", "1"),
			"Configuration", cfn.M("S3Bucket", cfn.Ref("ArtifactsBucket"), "S3ObjectKey", sourceKey(build), "PollForSourceChanges", true),
			"OutputArtifacts", []any{cfn.M("Name", "SourceOutput")}, "RunOrder", 1)
	}
	stage := "Build"
	if !build {
		stage = "Deploy"
	}
	run := cfn.M("Name", stage,
		"ActionTypeId", cfn.M("Category", "Build", "Owner", "AWS", "Provider", "CodeBuild", "Version", "1"),
		"Configuration", cfn.M("ProjectName", cfn.Ref(project)),
		"InputArtifacts", []any{cfn.M("Name", "SourceOutput")},
		"OutputArtifacts", []any{cfn.M("Name", stage+"Output")}, "RunOrder", 1)
	store := cfn.M("Type", "S3", "Location", cfn.Ref("ArtifactsBucket"))
	if s.enterprise() {
		store.Set("EncryptionKey", cfn.M("Id", cfn.GetAtt("KmsKey", "Arn"), "Type", "KMS"))
	}
	return cfn.M("Name", name, "RoleArn", cfn.GetAtt("CodePipelineRole", "Arn"), "ArtifactStore", store,
		"Stages", []any{cfn.M("Name", "Source", "Actions", []any{source}), cfn.M("Name", stage, "Actions", []any{run})},
		"Tags", s.tags())
}

// approvalRule starts the deploy pipeline directly (no Pipe, no extra
// role) when a model package of this group is approved.
func (s *spec) approvalRule(n names) *cfn.Map {
	pattern := cfn.M("source", []any{"aws.sagemaker"},
		"detail-type", []any{"SageMaker Model Package State Change"},
		"detail", cfn.M("ModelPackageGroupName", []any{n.ModelPackageGroup}, "ModelApprovalStatus", []any{"Approved"}))
	return cfn.M("Name", n.Rule, "Description", "Starts the deploy pipeline of "+s.Stem()+" when a model package is approved",
		"EventPattern", pattern, "State", "ENABLED",
		"Targets", []any{cfn.M("Id", "DeployPipelineTarget",
			"Arn", cfn.Sub("arn:aws:codepipeline:${AWS::Region}:${AWS::AccountId}:"+n.DeployPipe),
			"RoleArn", cfn.GetAtt("CodePipelineRole", "Arn"))},
		"Tags", s.tags())
}

// dashboard shows the two projects' builds, failures and durations (and,
// in enterprise, the security alarms).
func (s *spec) dashboard(n names) *cfn.Map {
	type widget struct {
		Type       string         `json:"type"`
		X          int            `json:"x"`
		Y          int            `json:"y"`
		Width      int            `json:"width"`
		Height     int            `json:"height"`
		Properties map[string]any `json:"properties"`
	}
	metric := func(title, name string) widget {
		return widget{Type: "metric", Width: 12, Height: 6, Properties: map[string]any{
			"title": title, "region": "${AWS::Region}", "stat": "Sum", "period": 3600, "view": "timeSeries",
			"metrics": []any{
				[]any{"AWS/CodeBuild", name, "ProjectName", n.BuildProject},
				[]any{"AWS/CodeBuild", name, "ProjectName", n.DeployProject},
			}}}
	}
	ws := []widget{metric("Builds", "Builds"), metric("Failed builds", "FailedBuilds"), metric("Succeeded builds", "SucceededBuilds"),
		metric("Build duration (seconds)", "Duration")}
	ws[3].Properties["stat"] = "Average"
	if s.enterprise() {
		ws = append(ws, widget{Type: "alarm", Width: 24, Height: 3, Properties: map[string]any{
			"title": "Security alarms",
			"alarms": []any{
				"arn:aws:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:" + n.RootAlarm,
				"arn:aws:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:" + n.UnauthorizedAlarm,
			}}})
	}
	for i := range ws {
		ws[i].X, ws[i].Y = (i%2)*12, (i/2)*6
	}
	body, err := json.Marshal(map[string]any{"widgets": ws})
	if err != nil {
		panic(fmt.Sprintf("dashboard body: %v", err)) // plain data: cannot fail
	}
	return cfn.M("DashboardName", n.Dashboard, "DashboardBody", cfn.Sub(string(body)))
}
