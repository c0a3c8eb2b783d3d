"""landform's plugin for moto 5.2.1. Importing this package installs it.

Modules, one responsibility each (test/moto/README.md has the full table):

* serial    - one request at a time (moto's backends are not thread-safe)
* errors    - every failure reaches clients as an AWS error body (no HTML 500s)
* ec2       - security groups: every rule peer, egress, in-place rule updates; SSM-typed parameters
* iam       - AWS::IAM::Group, UserToGroupAddition; Role and ManagedPolicy updates/deletes
* iam_providers - AWS::IAM::SAMLProvider
* eks       - EKS access entries (API and AWS::EKS::AccessEntry)
* sns       - AWS::SNS::Subscription
* params    - list-typed parameters given by their Default
* ec2_endpoints - AWS::EC2::VPCEndpoint delete
* s3        - S3 bucket versioning, public access block, lifecycle, encryption; BucketPolicy
* stack     - per-resource events, rollback, ordered delete, change-set execution
* stacksets - stack set updates reach the instances; failed instances and operations
* ml        - CodeCommit, CodeBuild, CodePipeline, SageMaker groups/domains, CloudWatch alarms/dashboards, Logs metric filters
* requests  - capabilities, template size limits, unresolved refs, TemplateURL
* resources - CloudFormation property shapes moto crashes on (SSM/KMS Tags, KMS KeyPolicy)
* authz     - IAM authorization on the resources landform's own calls name (stack, parameter, IAM entity)

"""

import moto

if moto.__version__ != "5.2.1":  # the wrappers below lean on 5.2.1's internals
    raise ImportError(f"landform_moto targets moto 5.2.1, found {moto.__version__}")

from . import authz, cloudtrail, ec2, eks, ec2_endpoints, errors, iam, iam_providers, iam_users, ml, params, requests, resources, s3, serial, sns, stack, stacksets  # noqa: E402

serial.install()
errors.install()
iam.install()
cloudtrail.install()
eks.install()
iam_providers.install()
iam_users.install()
ec2.install()
ec2_endpoints.install()
s3.install()
ml.install()
sns.install()
params.install()
stack.install()
stacksets.install()
requests.install()
resources.install()
authz.install()
