package moto_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/codebuild"
	"github.com/aws/aws-sdk-go-v2/service/codecommit"
	"github.com/aws/aws-sdk-go-v2/service/codepipeline"
	"github.com/aws/aws-sdk-go-v2/service/sagemaker"
)

const mlTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: lf-ml-pipeline
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Principal: {Service: codepipeline.amazonaws.com}, Action: sts:AssumeRole}
          - {Effect: Allow, Principal: {Service: codebuild.amazonaws.com}, Action: sts:AssumeRole}
  Artifacts:
    Type: AWS::S3::Bucket
    Properties: {BucketName: lf-ml-artifacts}
  Repo:
    Type: AWS::CodeCommit::Repository
    Properties: {RepositoryName: lf-ml-repo, RepositoryDescription: models v1}
  Build:
    Type: AWS::CodeBuild::Project
    Properties:
      Name: lf-ml-build
      ServiceRole: !GetAtt Role.Arn
      Source: {Type: CODEPIPELINE, BuildSpec: buildspec.yml}
      Artifacts: {Type: CODEPIPELINE}
      Environment:
        Type: LINUX_CONTAINER
        ComputeType: BUILD_GENERAL1_SMALL
        Image: aws/codebuild/standard:7.0
        EnvironmentVariables: [{Name: STAGE, Value: dev}]
      TimeoutInMinutes: 30
  Pipeline:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      Name: lf-ml-pipeline
      RoleArn: !GetAtt Role.Arn
      ArtifactStore: {Type: S3, Location: !Ref Artifacts}
      Stages:
        - Name: Source
          Actions:
            - Name: Checkout
              ActionTypeId: {Category: Source, Owner: AWS, Provider: CodeCommit, Version: "1"}
              Configuration: {RepositoryName: !GetAtt Repo.Name, BranchName: main}
              OutputArtifacts: [{Name: src}]
        - Name: Train
          Actions:
            - Name: Build
              ActionTypeId: {Category: Build, Owner: AWS, Provider: CodeBuild, Version: "1"}
              Configuration: {ProjectName: !Ref Build}
              InputArtifacts: [{Name: src}]
  Models:
    Type: AWS::SageMaker::ModelPackageGroup
    Properties: {ModelPackageGroupName: lf-ml-models, ModelPackageGroupDescription: approved models}
  Domain:
    Type: AWS::SageMaker::Domain
    Properties:
      DomainName: lf-ml
      AuthMode: IAM
      DefaultUserSettings: {ExecutionRole: !GetAtt Role.Arn}
      SubnetIds: [subnet-0a1b2c3d]
      VpcId: vpc-0a1b2c3d
  TrainLogs:
    Type: AWS::Logs::LogGroup
    Properties: {LogGroupName: /lf/ml/train}
  Errors:
    Type: AWS::Logs::MetricFilter
    Properties:
      FilterName: lf-ml-errors
      LogGroupName: !Ref TrainLogs
      FilterPattern: ERROR
      MetricTransformations: [{MetricName: TrainErrors, MetricNamespace: LF/ML, MetricValue: "1", DefaultValue: 0}]
  Alarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmName: lf-ml-errors
      Namespace: LF/ML
      MetricName: TrainErrors
      Statistic: Sum
      Period: 300
      EvaluationPeriods: 1
      Threshold: 1
      ComparisonOperator: GreaterThanOrEqualToThreshold
      TreatMissingData: notBreaching
  Board:
    Type: AWS::CloudWatch::Dashboard
    Properties:
      DashboardBody: '{"widgets":[{"type":"text","x":0,"y":0,"width":6,"height":2,"properties":{"markdown":"v1"}}]}'
Outputs:
  RepoId: {Value: !Ref Repo}
  RepoArn: {Value: !GetAtt Repo.Arn}
  BuildArn: {Value: !GetAtt Build.Arn}
  PipelineVersion: {Value: !GetAtt Pipeline.Version}
  Models: {Value: !Ref Models}
  DomainId: {Value: !Ref Domain}
  DomainArn: {Value: !GetAtt Domain.DomainArn}
  Board: {Value: !Ref Board}
  AlarmArn: {Value: !GetAtt Alarm.Arn}
`

var mlTemplateV2 = strings.NewReplacer(
	"models v1", "models v2",
	"Value: dev}", "Value: prod}",
	"TimeoutInMinutes: 30", "TimeoutInMinutes: 60",
	"BranchName: main", "BranchName: release",
	"FilterPattern: ERROR", `FilterPattern: "?ERROR ?FATAL"`,
	"Threshold: 1", "Threshold: 5",
	`"markdown":"v1"`, `"markdown":"v2"`,
).Replace(mlTemplate)

// testML (TestPlugin/ML): the ml kind's resource types - CodeCommit
// repository, CodeBuild project, CodePipeline pipeline, SageMaker model
// package group and domain, Logs metric filter, CloudWatch alarm and
// dashboard - created, updated in place and deleted, read back through each
// service's API; SageMaker::UserProfile (no moto backend) fails the stack.
func testML(t *testing.T, e *env) {
	cfg := e.s.Config("")
	cfg.RetryMaxAttempts = 1
	cc, cb, cp := codecommit.NewFromConfig(cfg), codebuild.NewFromConfig(cfg), codepipeline.NewFromConfig(cfg)
	sm, cw, logs := sagemaker.NewFromConfig(cfg), cloudwatch.NewFromConfig(cfg), cloudwatchlogs.NewFromConfig(cfg)

	e.createStack(t, "ml", mlTemplate)
	st := e.wantStatus(t, "ml", cfntypes.StackStatusCreateComplete)
	out := outputs(st)

	repo, err := cc.GetRepository(ctx(t), &codecommit.GetRepositoryInput{RepositoryName: aws.String("lf-ml-repo")})
	if err != nil {
		t.Fatalf("GetRepository: %v", err)
	}
	if aws.ToString(repo.RepositoryMetadata.RepositoryDescription) != "models v1" ||
		out["RepoId"] != aws.ToString(repo.RepositoryMetadata.RepositoryId) || out["RepoArn"] != aws.ToString(repo.RepositoryMetadata.Arn) {
		t.Errorf("repository %+v, outputs %v (Ref = repository id, GetAtt Arn)", repo.RepositoryMetadata, out)
	}

	wantProject := func(timeout int32, stage string) {
		t.Helper()
		p, err := cb.BatchGetProjects(ctx(t), &codebuild.BatchGetProjectsInput{Names: []string{"lf-ml-build"}})
		if err != nil || len(p.Projects) != 1 {
			t.Fatalf("BatchGetProjects: %v %v", p, err)
		}
		pr := p.Projects[0]
		env := pr.Environment
		if aws.ToInt32(pr.TimeoutInMinutes) != timeout || aws.ToString(pr.Source.Buildspec) != "buildspec.yml" ||
			aws.ToString(env.Image) != "aws/codebuild/standard:7.0" || len(env.EnvironmentVariables) != 1 ||
			aws.ToString(env.EnvironmentVariables[0].Value) != stage || aws.ToString(pr.ServiceRole) != "arn:aws:iam::123456789012:role/lf-ml-pipeline" ||
			aws.ToString(pr.Arn) != out["BuildArn"] {
			t.Errorf("project: timeout %d buildspec %q env %+v role %q arn %q", aws.ToInt32(pr.TimeoutInMinutes),
				aws.ToString(pr.Source.Buildspec), env, aws.ToString(pr.ServiceRole), aws.ToString(pr.Arn))
		}
	}
	wantProject(30, "dev")

	wantPipeline := func(version int32, branch string) {
		t.Helper()
		p, err := cp.GetPipeline(ctx(t), &codepipeline.GetPipelineInput{Name: aws.String("lf-ml-pipeline")})
		if err != nil {
			t.Fatalf("GetPipeline: %v", err)
		}
		decl := p.Pipeline
		if aws.ToInt32(decl.Version) != version || len(decl.Stages) != 2 || aws.ToString(decl.ArtifactStore.Location) != "lf-ml-artifacts" ||
			decl.Stages[0].Actions[0].Configuration["BranchName"] != branch ||
			decl.Stages[0].Actions[0].Configuration["RepositoryName"] != "lf-ml-repo" ||
			decl.Stages[1].Actions[0].Configuration["ProjectName"] != "lf-ml-build" ||
			aws.ToString(decl.Stages[1].Actions[0].InputArtifacts[0].Name) != "src" {
			t.Errorf("pipeline version %d stages %+v", aws.ToInt32(decl.Version), decl.Stages)
		}
	}
	wantPipeline(1, "main")
	if out["PipelineVersion"] != "1" {
		t.Errorf("GetAtt Pipeline.Version = %q", out["PipelineVersion"])
	}

	mpg, err := sm.DescribeModelPackageGroup(ctx(t), &sagemaker.DescribeModelPackageGroupInput{ModelPackageGroupName: aws.String("lf-ml-models")})
	if err != nil {
		t.Fatalf("DescribeModelPackageGroup: %v", err)
	}
	if aws.ToString(mpg.ModelPackageGroupArn) != out["Models"] || aws.ToString(mpg.ModelPackageGroupDescription) != "approved models" {
		t.Errorf("model package group %+v, Ref %q (want the ARN)", mpg, out["Models"])
	}
	dom, err := sm.DescribeDomain(ctx(t), &sagemaker.DescribeDomainInput{DomainId: aws.String(out["DomainId"])})
	if err != nil {
		t.Fatalf("DescribeDomain %q: %v", out["DomainId"], err)
	}
	if aws.ToString(dom.DomainName) != "lf-ml" || aws.ToString(dom.DomainArn) != out["DomainArn"] ||
		aws.ToString(dom.DefaultUserSettings.ExecutionRole) != "arn:aws:iam::123456789012:role/lf-ml-pipeline" {
		t.Errorf("domain %+v", dom)
	}

	wantFilter := func(pattern string) {
		t.Helper()
		f, err := logs.DescribeMetricFilters(ctx(t), &cloudwatchlogs.DescribeMetricFiltersInput{LogGroupName: aws.String("/lf/ml/train")})
		if err != nil {
			t.Fatal(err)
		}
		if len(f.MetricFilters) != 1 || aws.ToString(f.MetricFilters[0].FilterName) != "lf-ml-errors" ||
			aws.ToString(f.MetricFilters[0].FilterPattern) != pattern ||
			aws.ToString(f.MetricFilters[0].MetricTransformations[0].MetricName) != "TrainErrors" ||
			aws.ToString(f.MetricFilters[0].MetricTransformations[0].MetricNamespace) != "LF/ML" {
			t.Errorf("metric filters %+v, want one with pattern %q", f.MetricFilters, pattern)
		}
	}
	wantFilter("ERROR")

	wantAlarm := func(threshold float64) {
		t.Helper()
		a, err := cw.DescribeAlarms(ctx(t), &cloudwatch.DescribeAlarmsInput{AlarmNames: []string{"lf-ml-errors"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(a.MetricAlarms) != 1 || aws.ToFloat64(a.MetricAlarms[0].Threshold) != threshold ||
			aws.ToString(a.MetricAlarms[0].MetricName) != "TrainErrors" || aws.ToString(a.MetricAlarms[0].TreatMissingData) != "notBreaching" ||
			aws.ToString(a.MetricAlarms[0].AlarmArn) != out["AlarmArn"] {
			t.Errorf("alarms %+v, want threshold %v", a.MetricAlarms, threshold)
		}
	}
	wantAlarm(1)

	board := out["Board"]
	if !strings.HasPrefix(board, "ml-Board-") {
		t.Errorf("dashboard name %q, want ml-Board-<random> as CloudFormation names it", board)
	}
	wantBoard := func(markdown string) {
		t.Helper()
		d, err := cw.GetDashboard(ctx(t), &cloudwatch.GetDashboardInput{DashboardName: aws.String(board)})
		if err != nil || !strings.Contains(aws.ToString(d.DashboardBody), markdown) {
			t.Errorf("dashboard %s: %v %v, want %s", board, d, err, markdown)
		}
	}
	wantBoard(`"v1"`)

	if got := e.changeSet(t, "ml", "v2", mlTemplateV2, cfntypes.ChangeSetTypeUpdate); got != cfntypes.ExecutionStatusExecuteComplete {
		t.Fatalf("v2: %s\n%s", got, e.eventLog(t, "ml"))
	}
	st = e.wantStatus(t, "ml", cfntypes.StackStatusUpdateComplete)
	out2 := outputs(st)
	if out2["RepoId"] != out["RepoId"] || out2["Board"] != board || out2["Models"] != out["Models"] || out2["DomainId"] != out["DomainId"] {
		t.Errorf("in-place updates replaced resources: %v -> %v", out, out2)
	}
	repo, err = cc.GetRepository(ctx(t), &codecommit.GetRepositoryInput{RepositoryName: aws.String("lf-ml-repo")})
	if err != nil || aws.ToString(repo.RepositoryMetadata.RepositoryDescription) != "models v2" {
		t.Errorf("repository after update: %v %v", repo, err)
	}
	wantProject(60, "prod")
	wantPipeline(2, "release")
	wantFilter("?ERROR ?FATAL")
	wantAlarm(5)
	wantBoard(`"v2"`)

	e.deleteStack(t, "ml")
	e.wantGone(t, "ml")
	if _, err := cc.GetRepository(ctx(t), &codecommit.GetRepositoryInput{RepositoryName: aws.String("lf-ml-repo")}); apiCode(t, err) != "RepositoryDoesNotExistException" {
		t.Errorf("repository left: %v", err)
	}
	if p, err := cb.BatchGetProjects(ctx(t), &codebuild.BatchGetProjectsInput{Names: []string{"lf-ml-build"}}); err != nil || len(p.Projects) != 0 {
		t.Errorf("project left: %v %v", p, err)
	}
	if _, err := cp.GetPipeline(ctx(t), &codepipeline.GetPipelineInput{Name: aws.String("lf-ml-pipeline")}); apiCode(t, err) != "PipelineNotFoundException" {
		t.Errorf("pipeline left: %v", err)
	}
	if _, err := sm.DescribeModelPackageGroup(ctx(t), &sagemaker.DescribeModelPackageGroupInput{ModelPackageGroupName: aws.String("lf-ml-models")}); err == nil {
		t.Errorf("model package group left")
	}
	if d, err := sm.ListDomains(ctx(t), &sagemaker.ListDomainsInput{}); err != nil || len(d.Domains) != 0 {
		t.Errorf("domains left: %v %v", d, err)
	}
	if a, err := cw.DescribeAlarms(ctx(t), &cloudwatch.DescribeAlarmsInput{}); err != nil || len(a.MetricAlarms) != 0 {
		t.Errorf("alarms left: %v %v", a, err)
	}
	if d, err := cw.ListDashboards(ctx(t), &cloudwatch.ListDashboardsInput{}); err != nil || len(d.DashboardEntries) != 0 {
		t.Errorf("dashboards left: %v %v", d, err)
	}
	if _, err := logs.DescribeMetricFilters(ctx(t), &cloudwatchlogs.DescribeMetricFiltersInput{LogGroupName: aws.String("/lf/ml/train")}); err == nil {
		if f, _ := logs.DescribeMetricFilters(ctx(t), &cloudwatchlogs.DescribeMetricFiltersInput{}); len(f.MetricFilters) != 0 {
			t.Errorf("metric filters left: %+v", f.MetricFilters)
		}
	}
	e.noLocalIAM(t)

	// A type moto has no backend for fails the stack, naming the type.
	e.createStack(t, "ml-profile", `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Profile:
    Type: AWS::SageMaker::UserProfile
    Properties: {DomainId: d-x, UserProfileName: alice}
`)
	e.wantStatus(t, "ml-profile", cfntypes.StackStatusRollbackComplete)
	if log := e.eventLog(t, "ml-profile"); !strings.Contains(log, "resource type AWS::SageMaker::UserProfile is not supported") {
		t.Errorf("UserProfile events:\n%s", log)
	}
	e.deleteStack(t, "ml-profile")
}
