package ml

import (
	"fmt"

	"github.com/landform/landform/internal/cfn"
)

// The roles' permissions come in groups of statements, so the starter
// tier's inline policies, the professional tier's two managed policies and
// the enterprise boundary are cut from one source.

func stmt(sid string, actions []string, resources ...any) *cfn.Map {
	acts := make([]any, len(actions))
	for i, a := range actions {
		acts[i] = a
	}
	return cfn.M("Sid", sid, "Effect", "Allow", "Action", acts, "Resource", resources)
}

func doc(statements ...*cfn.Map) *cfn.Map {
	st := make([]any, len(statements))
	for i, s := range statements {
		st[i] = s
	}
	return cfn.M("Version", "2012-10-17", "Statement", st)
}

func (s *spec) arn(service, resource string) string {
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, s.cfg.Environment.Region, s.cfg.Client.AccountID, resource)
}

// artifacts: every role reads and writes the artifacts bucket, and uses the
// product's key (enterprise).
func (s *spec) artifactStatements() []*cfn.Map {
	out := []*cfn.Map{
		stmt("ArtifactObjects", []string{"s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"}, cfn.Sub("${ArtifactsBucket.Arn}/*")),
		stmt("ArtifactBucket", []string{"s3:GetBucketLocation", "s3:GetBucketVersioning", "s3:ListBucket"}, cfn.GetAtt("ArtifactsBucket", "Arn")),
	}
	if s.enterprise() {
		out = append(out, stmt("ProductKey", []string{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"}, cfn.GetAtt("KmsKey", "Arn")))
	}
	return out
}

// buildLogStatements: the CodeBuild projects' log groups.
func (s *spec) buildLogStatements() []*cfn.Map {
	n := s.names()
	return []*cfn.Map{stmt("BuildLogs", []string{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"},
		s.arn("logs", "log-group:/aws/codebuild/"+n.BuildProject+"*"), s.arn("logs", "log-group:/aws/codebuild/"+n.DeployProject+"*"))}
}

// mlBuildStatements: run the SageMaker model-build pipeline, its jobs, and
// register model packages in this product's group.
func (s *spec) mlBuildStatements() []*cfn.Map {
	n := s.names()
	return []*cfn.Map{
		stmt("ModelRegistry", []string{"sagemaker:CreateModelPackage", "sagemaker:DescribeModelPackage", "sagemaker:DescribeModelPackageGroup",
			"sagemaker:ListModelPackages", "sagemaker:UpdateModelPackage"},
			cfn.Ref("ModelPackageGroup"), s.arn("sagemaker", "model-package/"+n.ModelPackageGroup+"/*")),
		stmt("ModelBuildPipeline", []string{"sagemaker:AddTags", "sagemaker:CreatePipeline", "sagemaker:DescribePipeline",
			"sagemaker:DescribePipelineExecution", "sagemaker:ListPipelineExecutionSteps", "sagemaker:StartPipelineExecution", "sagemaker:UpdatePipeline"},
			s.arn("sagemaker", "pipeline/"+n.SageMakerPipeline+"*")),
		stmt("ModelBuildJobs", []string{"sagemaker:AddTags", "sagemaker:CreateProcessingJob", "sagemaker:CreateTrainingJob",
			"sagemaker:DescribeProcessingJob", "sagemaker:DescribeTrainingJob"},
			s.arn("sagemaker", "processing-job/*"), s.arn("sagemaker", "training-job/*")),
		s.passSageMakerRole(),
	}
}

// passSageMakerRole lets the holder hand the SageMaker execution role to
// SageMaker, and to nothing else.
func (s *spec) passSageMakerRole() *cfn.Map {
	return stmt("PassSageMakerRole", []string{"iam:PassRole"}, cfn.GetAtt("SageMakerExecutionRole", "Arn")).
		Set("Condition", cfn.M("StringEquals", cfn.M("iam:PassedToService", "sagemaker.amazonaws.com")))
}

// sageMakerRuntimeStatements: what the jobs and endpoints write.
func (s *spec) sageMakerRuntimeStatements() []*cfn.Map {
	return []*cfn.Map{
		stmt("SageMakerLogs", []string{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"}, s.arn("logs", "log-group:/aws/sagemaker/*")),
		// PutMetricData has no resource-level permission; the namespace condition scopes it.
		stmt("SageMakerMetrics", []string{"cloudwatch:PutMetricData"}, "*").
			Set("Condition", cfn.M("StringLike", cfn.M("cloudwatch:namespace", []any{"/aws/sagemaker/*", "sagemaker/*"}))),
	}
}

// orchestrationStatements: the pipelines read their source, run the
// projects, and (professional and up) EventBridge starts the deploy
// pipeline with this role.
func (s *spec) orchestrationStatements() []*cfn.Map {
	n := s.names()
	var out []*cfn.Map
	if s.sc.SourceControl == "codecommit" {
		out = append(out, stmt("ReadSource", []string{"codecommit:CancelUploadArchive", "codecommit:GetBranch", "codecommit:GetCommit",
			"codecommit:GetRepository", "codecommit:GetUploadArchiveStatus", "codecommit:UploadArchive"},
			cfn.GetAtt("ModelBuildRepository", "Arn"), cfn.GetAtt("ModelDeployRepository", "Arn")))
	}
	out = append(out, stmt("RunProjects", []string{"codebuild:BatchGetBuilds", "codebuild:StartBuild"},
		cfn.GetAtt("BuildProject", "Arn"), cfn.GetAtt("DeployProject", "Arn")))
	if s.tier() != "starter" {
		out = append(out, stmt("StartDeployPipeline", []string{"codepipeline:StartPipelineExecution"},
			s.arn("codepipeline", n.DeployPipe+"*")))
	}
	return out
}

// endpointStatements: the deploy project turns the newest approved model
// package into a SageMaker endpoint named after the product.
func (s *spec) endpointStatements() []*cfn.Map {
	n := s.names()
	// Reading the approved packages and passing the SageMaker role come
	// with the build statements, which the CodeBuild role also has.
	return []*cfn.Map{
		stmt("DeployEndpoints", []string{"sagemaker:AddTags", "sagemaker:CreateEndpoint", "sagemaker:CreateEndpointConfig", "sagemaker:CreateModel",
			"sagemaker:DescribeEndpoint", "sagemaker:DescribeEndpointConfig", "sagemaker:DescribeModel", "sagemaker:UpdateEndpoint"},
			s.arn("sagemaker", "endpoint/"+n.ModelPackageGroup+"*"), s.arn("sagemaker", "endpoint-config/"+n.ModelPackageGroup+"*"),
			s.arn("sagemaker", "model/"+n.ModelPackageGroup+"*")),
	}
}

func withSids(prefix string, sts []*cfn.Map) []*cfn.Map {
	out := make([]*cfn.Map, len(sts))
	for i, st := range sts {
		c := cfn.NewMap()
		for _, k := range st.Keys() {
			v, _ := st.Get(k)
			c.Set(k, v)
		}
		sid, _ := st.Get("Sid")
		c.Set("Sid", prefix+sid.(string))
		out[i] = c
	}
	return out
}

func cat(groups ...[]*cfn.Map) []*cfn.Map {
	var out []*cfn.Map
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// The policies by role (starter, inline) and by managed policy.
func (s *spec) codeBuildStatements() []*cfn.Map {
	return cat(s.artifactStatements(), s.buildLogStatements(), s.mlBuildStatements(), withSids("Deploy", s.endpointStatements()))
}

func (s *spec) codePipelineStatements() []*cfn.Map {
	return cat(s.artifactStatements(), s.orchestrationStatements())
}

func (s *spec) sageMakerStatements() []*cfn.Map {
	return cat(s.artifactStatements(), s.mlBuildStatements(), s.sageMakerRuntimeStatements(), s.dataLakeStatements())
}

// dataLakePrefix is the data lake prefix of this use case.
func (s *spec) dataLakePrefix() string {
	if d := s.cfg.DataLake; d != nil && d.Prefix != "" {
		return d.Prefix
	}
	return "solutions/" + s.cfg.Product.UseCase + "/"
}

// dataLakeStatements: the SageMaker side reads and writes the data lake's
// solutions/{use_case}/ prefix and lists only under it; the bucket's name
// comes from the S3 provisioner's SSM parameter.
func (s *spec) dataLakeStatements() []*cfn.Map {
	if s.cfg.DataLake == nil {
		return nil
	}
	prefix := s.dataLakePrefix()
	return []*cfn.Map{
		stmt("DataLakeObjects", []string{"s3:GetObject", "s3:PutObject"}, cfn.Sub("arn:aws:s3:::${DataLakeBucket}/"+prefix+"*")),
		stmt("DataLakeList", []string{"s3:ListBucket"}, cfn.Sub("arn:aws:s3:::${DataLakeBucket}")).
			Set("Condition", cfn.M("StringLike", cfn.M("s3:prefix", []any{prefix, prefix + "*"}))),
	}
}

// buildPolicyStatements: the CodeBuild and SageMaker roles' build and
// training side.
func (s *spec) buildPolicyStatements() []*cfn.Map {
	return cat(s.artifactStatements(), s.buildLogStatements(), s.mlBuildStatements(), s.sageMakerRuntimeStatements(), s.dataLakeStatements())
}

// deployPolicyStatements: the CodePipeline and CodeBuild roles'
// orchestration and deployment side.
func (s *spec) deployPolicyStatements() []*cfn.Map {
	return cat(s.artifactStatements(), s.orchestrationStatements(), withSids("Deploy", s.endpointStatements()))
}

// boundaryStatements: the ceiling of all three roles, the union of
// everything the product grants.
func (s *spec) boundaryStatements() []*cfn.Map {
	var out []*cfn.Map
	seen := map[string]bool{}
	for _, st := range cat(s.artifactStatements(), s.buildLogStatements(), s.mlBuildStatements(), s.sageMakerRuntimeStatements(),
		s.orchestrationStatements(), withSids("Deploy", s.endpointStatements()), s.dataLakeStatements()) {
		sid, _ := st.Get("Sid")
		if seen[sid.(string)] {
			continue
		}
		seen[sid.(string)] = true
		out = append(out, s.literal(st).(*cfn.Map))
	}
	return out
}

// literal returns the ARN pattern a reference to one of the product's
// resources stands for: the boundary cannot reference the stack's own
// resources (they reference the roles it bounds, a cycle), so it names
// them. Trailing * keeps test copies (suffixed names) inside.
func (s *spec) literal(v any) any {
	n := s.names()
	iamARN := func(res string) string { return fmt.Sprintf("arn:aws:iam::%s:%s", s.cfg.Client.AccountID, res) }
	table := map[string]string{
		"GetAtt ArtifactsBucket.Arn":        "arn:aws:s3:::" + n.Bucket + "*",
		"Sub ${ArtifactsBucket.Arn}/*":      "arn:aws:s3:::" + n.Bucket + "*/*",
		"GetAtt KmsKey.Arn":                 s.arn("kms", "key/*"),
		"Ref ModelPackageGroup":             s.arn("sagemaker", "model-package-group/"+n.ModelPackageGroup+"*"),
		"GetAtt SageMakerExecutionRole.Arn": iamARN("role/" + n.SageMakerRole + "*"),
		"GetAtt ModelBuildRepository.Arn":   s.arn("codecommit", n.BuildRepo+"*"),
		"GetAtt ModelDeployRepository.Arn":  s.arn("codecommit", n.DeployRepo+"*"),
		"GetAtt BuildProject.Arn":           s.arn("codebuild", "project/"+n.BuildProject+"*"),
		"GetAtt DeployProject.Arn":          s.arn("codebuild", "project/"+n.DeployProject+"*"),
	}
	return literalWith(table, v)
}

// literalWith is literal with its table of ARNs, made once per statement
// rather than once per value in it.
func literalWith(table map[string]string, v any) any {
	switch x := v.(type) {
	case *cfn.Map:
		if g, ok := x.Get("Fn::GetAtt"); ok {
			p := g.([]any)
			if l, ok := table[fmt.Sprintf("GetAtt %v.%v", p[0], p[1])]; ok {
				return l
			}
		}
		if r, ok := x.Get("Ref"); ok {
			if l, ok := table[fmt.Sprintf("Ref %v", r)]; ok {
				return l
			}
		}
		if sub, ok := x.Get("Fn::Sub"); ok {
			if l, ok := table[fmt.Sprintf("Sub %v", sub)]; ok {
				return l
			}
		}
		out := cfn.NewMap()
		for _, k := range x.Keys() {
			val, _ := x.Get(k)
			out.Set(k, literalWith(table, val))
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = literalWith(table, e)
		}
		return out
	}
	return v
}
