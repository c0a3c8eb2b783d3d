package stack

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"
)

// CloudFormation is the part of the CloudFormation API landform calls.
type CloudFormation interface {
	CreateChangeSet(context.Context, *cloudformation.CreateChangeSetInput, ...func(*cloudformation.Options)) (*cloudformation.CreateChangeSetOutput, error)
	DescribeChangeSet(context.Context, *cloudformation.DescribeChangeSetInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeChangeSetOutput, error)
	DeleteChangeSet(context.Context, *cloudformation.DeleteChangeSetInput, ...func(*cloudformation.Options)) (*cloudformation.DeleteChangeSetOutput, error)
	ExecuteChangeSet(context.Context, *cloudformation.ExecuteChangeSetInput, ...func(*cloudformation.Options)) (*cloudformation.ExecuteChangeSetOutput, error)
	DescribeStacks(context.Context, *cloudformation.DescribeStacksInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStacksOutput, error)
	DescribeStackEvents(context.Context, *cloudformation.DescribeStackEventsInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStackEventsOutput, error)
	DescribeStackResources(context.Context, *cloudformation.DescribeStackResourcesInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStackResourcesOutput, error)
	GetTemplate(context.Context, *cloudformation.GetTemplateInput, ...func(*cloudformation.Options)) (*cloudformation.GetTemplateOutput, error)
	DeleteStack(context.Context, *cloudformation.DeleteStackInput, ...func(*cloudformation.Options)) (*cloudformation.DeleteStackOutput, error)
	UpdateTerminationProtection(context.Context, *cloudformation.UpdateTerminationProtectionInput, ...func(*cloudformation.Options)) (*cloudformation.UpdateTerminationProtectionOutput, error)
	DetectStackDrift(context.Context, *cloudformation.DetectStackDriftInput, ...func(*cloudformation.Options)) (*cloudformation.DetectStackDriftOutput, error)
	DescribeStackDriftDetectionStatus(context.Context, *cloudformation.DescribeStackDriftDetectionStatusInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStackDriftDetectionStatusOutput, error)
	DescribeStackResourceDrifts(context.Context, *cloudformation.DescribeStackResourceDriftsInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStackResourceDriftsOutput, error)
	ListStacks(context.Context, *cloudformation.ListStacksInput, ...func(*cloudformation.Options)) (*cloudformation.ListStacksOutput, error)
}

// SSM is the part of the SSM API landform calls.
type SSM interface {
	PutParameter(context.Context, *ssm.PutParameterInput, ...func(*ssm.Options)) (*ssm.PutParameterOutput, error)
	AddTagsToResource(context.Context, *ssm.AddTagsToResourceInput, ...func(*ssm.Options)) (*ssm.AddTagsToResourceOutput, error)
	GetParametersByPath(context.Context, *ssm.GetParametersByPathInput, ...func(*ssm.Options)) (*ssm.GetParametersByPathOutput, error)
	ListTagsForResource(context.Context, *ssm.ListTagsForResourceInput, ...func(*ssm.Options)) (*ssm.ListTagsForResourceOutput, error)
	DeleteParameters(context.Context, *ssm.DeleteParametersInput, ...func(*ssm.Options)) (*ssm.DeleteParametersOutput, error)
	GetParameters(context.Context, *ssm.GetParametersInput, ...func(*ssm.Options)) (*ssm.GetParametersOutput, error)
}

// S3 is the part of the S3 API landform calls.
type S3 interface {
	PutObject(context.Context, *s3.PutObjectInput, ...func(*s3.Options)) (*s3.PutObjectOutput, error)
}

// STS is the part of the STS API landform calls.
type STS interface {
	GetCallerIdentity(context.Context, *sts.GetCallerIdentityInput, ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error)
}

// Clients are the AWS APIs of one account and region.
type Clients struct {
	CFN CloudFormation
	SSM SSM
	S3  S3
	STS STS
	// IAM and EC2 are read (and, for --revert-drift, written) by deep
	// drift detection, for what CloudFormation's drift does not see.
	IAM    *iam.Client
	EC2    *ec2.Client
	Region string
}

// NewClients makes the clients of cfg.
func NewClients(cfg aws.Config) *Clients {
	return &Clients{
		CFN: cloudformation.NewFromConfig(cfg),
		SSM: ssm.NewFromConfig(cfg),
		// Virtual-hosted addressing needs DNS for BUCKET.host; an endpoint
		// override (a test endpoint, a VPC endpoint) is addressed by path.
		S3:     s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = cfg.BaseEndpoint != nil }),
		STS:    sts.NewFromConfig(cfg),
		IAM:    iam.NewFromConfig(cfg),
		EC2:    ec2.NewFromConfig(cfg),
		Region: cfg.Region,
	}
}

// Access says how to reach AWS: the standard credential chain (environment,
// shared config and credentials files, SSO, IMDS), narrowed by the flags.
type Access struct {
	Profile     string // --profile; "" uses AWS_PROFILE or the default
	Region      string // --region; "" uses the config's region
	EndpointURL string // --endpoint-url; "" uses AWS_ENDPOINT_URL if set
}

// LoadConfig resolves the SDK configuration for a, in region when a.Region is
// empty. It makes no AWS call: credentials are resolved on first use.
func LoadConfig(ctx context.Context, a Access, region string) (aws.Config, error) {
	if a.Region != "" {
		region = a.Region
	}
	opts := []func(*awsconfig.LoadOptions) error{
		awsconfig.WithRegion(region),
		// The SDK's own log lines (IMDS fallbacks, retries) are noise on a
		// CLI's stderr; what matters is in the errors landform reports.
		awsconfig.WithLogger(logging.Nop{}),
		// Throttling and 5xx answers are retried with jittered backoff.
		awsconfig.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = 8
				o.Backoff = refusedFast{retry.NewExponentialJitterBackoff(o.MaxBackoff)}
			})
		}),
	}
	if a.Profile != "" {
		opts = append(opts, awsconfig.WithSharedConfigProfile(a.Profile))
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx, opts...)
	var missing awsconfig.SharedConfigProfileNotExistError
	if errors.As(err, &missing) {
		return aws.Config{}, fmt.Errorf("AWS profile %q is not in the shared config or credentials files (%s, %s): "+
			"list the profiles with `aws configure list-profiles`, or fix --profile, AWS_PROFILE or the config's profile",
			missing.Profile, sharedFile("AWS_CONFIG_FILE", "config"), sharedFile("AWS_SHARED_CREDENTIALS_FILE", "credentials"))
	}
	if err != nil {
		return aws.Config{}, fmt.Errorf("loading AWS configuration: %w", err)
	}
	// The SDK reads AWS_ENDPOINT_URL itself; the flag wins over it.
	if a.EndpointURL != "" {
		cfg.BaseEndpoint = aws.String(a.EndpointURL)
	} else if u := os.Getenv("AWS_ENDPOINT_URL"); u != "" && cfg.BaseEndpoint == nil {
		cfg.BaseEndpoint = aws.String(u)
	}
	return cfg, nil
}

// Identity is who the credentials belong to.
type Identity struct {
	Account string
	ARN     string
}

// WhoAmI calls sts:GetCallerIdentity and checks the account is want
// (unless want is ""). It is the first call of every AWS command, so a
// missing credential or a wrong profile is reported before anything else.
func (c *Clients) WhoAmI(ctx context.Context, want string) (Identity, error) {
	out, err := c.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return Identity{}, credentialsError(err)
	}
	id := Identity{Account: aws.ToString(out.Account), ARN: aws.ToString(out.Arn)}
	if want != "" && id.Account != want {
		return id, fmt.Errorf("the credentials are for account %s (%s), but the config deploys to account %s; "+
			"use the profile of account %s (--profile or AWS_PROFILE), or fix client.account_id", id.Account, id.ARN, want, want)
	}
	return id, nil
}

func credentialsError(err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "failed to retrieve credentials"), strings.Contains(msg, "no EC2 IMDS role found"),
		strings.Contains(msg, "failed to refresh cached credentials"):
		return fmt.Errorf("no AWS credentials found: set AWS_PROFILE or --profile, run `aws sso login`, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (%w)", err)
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		return fmt.Errorf("nothing answers at the AWS endpoint (connection refused, 8 attempts): check --endpoint-url and AWS_ENDPOINT_URL, or that the endpoint is up (%w)", err)
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		switch ae.ErrorCode() {
		case "InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException", "UnrecognizedClientException":
			return fmt.Errorf("AWS rejected the credentials (%s): refresh them (`aws sso login`, a new session token) and retry", ae.ErrorCode())
		}
	}
	return fmt.Errorf("sts:GetCallerIdentity: %w", err)
}

// Into returns clients for account: these when the credentials are already
// for it, otherwise clients that assume roleARN (refreshed as they expire).
func (c *Clients) Into(ctx context.Context, cfg aws.Config, account, roleARN string) (*Clients, error) {
	id, err := c.WhoAmI(ctx, "")
	if err != nil {
		return nil, err
	}
	if id.Account == account {
		return c, nil
	}
	cfg = cfg.Copy()
	cfg.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(sts.NewFromConfig(cfg), roleARN, func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = "landform"
	}))
	into := NewClients(cfg)
	if _, err := into.WhoAmI(ctx, account); err != nil {
		return nil, fmt.Errorf("assuming %s from %s to reach account %s: %w", roleARN, id.ARN, account, err)
	}
	return into, nil
}

// refusedFast backs off briefly when nothing listens at the endpoint (a
// local or overridden endpoint that is down, a typo in --endpoint-url):
// the eight attempts then fail within about seven seconds instead of a
// minute or more. Throttling and 5xx answers keep the SDK's jittered
// exponential backoff.
type refusedFast struct{ retry.BackoffDelayer }

// refusedDelay is the wait before attempt n after a refused connection.
const refusedDelay = 250 * time.Millisecond

func (b refusedFast) BackoffDelay(attempt int, err error) (time.Duration, error) {
	if errors.Is(err, syscall.ECONNREFUSED) {
		return time.Duration(attempt) * refusedDelay, nil
	}
	return b.BackoffDelayer.BackoffDelay(attempt, err)
}

// sharedFile is where the SDK reads a shared file: the environment
// variable's value, or ~/.aws/NAME.
func sharedFile(env, name string) string {
	if f := os.Getenv(env); f != "" {
		return f
	}
	return "~/.aws/" + name
}
