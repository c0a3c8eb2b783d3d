"""Resource-level authorization for the calls landform makes itself.

With IAM authorization on (INITIAL_NO_AUTH_ACTION_COUNT, or POST
/moto-api/reset-auth), moto 5.2.1 decides every request but S3's and
sts:AssumeRole against Resource "*" (IAM too, unless the role exists): a
policy scoped to a stack's ARN, as landform's operator policies are,
is refused everything. Here each response class names the resource
AWS authorizes the call on:

* CloudFormation: the stack (by StackName, or the stack of a change set
  given by ARN); "*" for the calls without resource-level permission
  (ListStacks, DescribeStackDriftDetectionStatus, ValidateTemplate).
* SSM: each parameter a call names (Name, Names, Path, ResourceId); a call
  naming several is allowed only if each is.
* IAM: the role, group, user, policy or instance profile a call names.

moto's AccessDenied (and unknown-key) answers are XML whatever the
protocol; to a JSON service's client (SSM) they go as that service's JSON
error (AccessDeniedException), naming the action as AWS does.

What stays as moto has it: EC2 (landform's EC2 calls are Describe calls,
which have no resource-level permission), STS (GetCallerIdentity needs no
permission), S3 (moto already names the bucket and key). CloudFormation's
own calls for a stack's resources are made inside moto and never
authorized; landform's offline check (internal/operator) covers those.
"""

from moto.cloudformation.responses import CloudFormationResponse
from moto.cloudformation.models import cloudformation_backends
from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.exceptions import AccessDeniedError, InvalidClientTokenIdError, JsonRESTError
from moto.iam.models import iam_backends
from moto.iam.responses import IamResponse as IAMResponse
from moto.ssm.responses import SimpleSystemManagerResponse

NO_RESOURCE = {"ListStacks", "DescribeStackDriftDetectionStatus", "ValidateTemplate", "ListExports", "ListImports",
               "DescribeAccountLimits", "EstimateTemplateCost", "GetTemplateSummary", "ListStackSets"}


def _action(resp):
    return resp._get_action()


def _stack_arn(resp, name):
    if not name:
        return "*"
    if name.startswith("arn:"):
        return name
    backend = cloudformation_backends[resp.current_account][resp.region]
    for stack in list(backend.stacks.values()):
        if stack.name == name and stack.status != "DELETE_COMPLETE":
            return stack.stack_id
    return f"arn:aws:cloudformation:{resp.region}:{resp.current_account}:stack/{name}/*"


def _cloudformation_resource(self):
    action = _action(self)
    if action in NO_RESOURCE:
        return "*"
    stack = self._get_param("StackName")
    if stack:
        return _stack_arn(self, stack)
    change_set = self._get_param("ChangeSetName") or ""
    if change_set.startswith("arn:"):
        backend = cloudformation_backends[self.current_account][self.region]
        cs = backend.change_sets.get(change_set)
        if cs is not None:
            return cs.stack.stack_id
    return "*"


def _parameter_arn(resp, name):
    if not name.startswith("/"):
        name = "/" + name
    return f"arn:aws:ssm:{resp.region}:{resp.current_account}:parameter{name}"


def _ssm_resource(self):
    names = []
    for key in ("Name", "Path"):
        value = self._get_param(key)
        if value:
            names.append(value)
    names += self._get_param("Names") or []
    if self._get_param("ResourceType") == "Parameter" and self._get_param("ResourceId"):
        names.append(self._get_param("ResourceId"))
    if not names:
        return "*"
    arns = [_parameter_arn(self, n) for n in names]
    return arns[0] if len(arns) == 1 else arns


def _iam_resource(self):
    backend = iam_backends[self.current_account]["aws"]
    account = self.current_account

    def lookup(get, name, kind):
        try:
            return get(name).arn
        except Exception:  # a name that does not exist yet: its ARN at path /
            return f"arn:aws:iam::{account}:{kind}/{name}"

    data = self.data
    if "RoleName" in data:
        return lookup(backend.get_role, data["RoleName"][0], "role")
    if "GroupName" in data:
        return lookup(backend.get_group, data["GroupName"][0], "group")
    if "UserName" in data:
        return lookup(backend.get_user, data["UserName"][0], "user")
    if "InstanceProfileName" in data:
        return lookup(backend.get_instance_profile, data["InstanceProfileName"][0], "instance-profile")
    if "PolicyArn" in data:
        return data["PolicyArn"][0]
    return "*"


def install():
    CloudFormationResponse._determine_resource = _cloudformation_resource
    SimpleSystemManagerResponse._determine_resource = _ssm_resource
    IAMResponse._determine_resource = _iam_resource

    original = ActionAuthenticatorMixin._authenticate_and_authorize_normal_action

    def authorize_each(self, resource="*"):
        # A call that names several resources is allowed only if each is.
        try:
            for r in resource if isinstance(resource, list) else [resource]:
                original(self, r)
        except (AccessDeniedError, InvalidClientTokenIdError) as e:
            # moto answers in XML whatever the protocol; a JSON service's
            # client cannot read that. Answer as the service does.
            if "json" not in (self.headers.get("Content-Type") or ""):
                raise
            code = "AccessDeniedException" if isinstance(e, AccessDeniedError) else "UnrecognizedClientException"
            err = JsonRESTError(code, e.message)
            err.code = e.code
            raise err

    ActionAuthenticatorMixin._authenticate_and_authorize_normal_action = authorize_each
