"""Request checks CloudFormation makes before it touches a stack.

Each wrapper below runs before moto's own handler in
moto.cloudformation.responses.CloudFormationResponse:

* TemplateBody over 51,200 bytes -> ValidationError "1 validation error
  detected: Value '<body>' at 'templateBody' failed to satisfy constraint:
  Member must have length less than or equal to 51200"; a TemplateURL object
  over 1 MB -> ValidationError "Template may not exceed 1048576 bytes in size."
  (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html);
* IAM resources without the acknowledging capability ->
  InsufficientCapabilitiesException "Requires capabilities : [CAPABILITY_NAMED_IAM]"
  (or CAPABILITY_IAM when no IAM resource has a custom name)
  (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html,
  "Capabilities");
* a Ref / Fn::GetAtt to something the template does not define -> ValidationError
  "Template format error: Unresolved resource dependencies [X] in the Resources
  block of the template" (moto: HTTP 500 KeyError);
* TemplateURL: a missing object is a ValidationError (moto: HTTP 500), and a
  path-style URL on an IP address (http://127.0.0.1:PORT/bucket/key) works
  like localhost (moto took "127" for the bucket);
* CreateChangeSet of type CREATE for a stack that exists -> ValidationError
  "Stack [X] already exists and cannot be created again with the changeSet [Y]."
  (moto silently made a second stack with the same name); UPDATE of a
  ROLLBACK_COMPLETE stack is refused as UpdateStack refuses it;
* UpdateStack with the same template and no parameters -> "No updates are to be performed.";
* DisableRollback / OnFailure on CreateStack and ExecuteChangeSet are honoured;
* UpdateTerminationProtection is implemented (moto: NotImplemented);
* an ``AWS::SSM::Parameter::Value<...>`` parameter naming a missing SSM
  parameter -> ValidationError "Unable to fetch parameters [X] from parameter
  store for this account." on CreateStack, UpdateStack and CreateChangeSet
  (moto: HTTP 500, or a failure only when the change set executes).
"""

import ipaddress
from urllib.parse import urlparse

from moto.cloudformation import models as cfn_models
from moto.cloudformation import responses as cfn_responses
from moto.cloudformation import utils as cfn_utils
from moto.cloudformation.exceptions import ValidationError
from moto.core.responses import ActionResult
from moto.s3.models import s3_backends
from moto.ssm import ssm_backends

from . import stack as lifecycle
from .errors import CloudFormationClientError

Response = cfn_responses.CloudFormationResponse

MAX_BODY = 51200
MAX_URL_OBJECT = 1048576

IAM_NAME_PROPERTY = {
    "AWS::IAM::Role": "RoleName",
    "AWS::IAM::User": "UserName",
    "AWS::IAM::Group": "GroupName",
    "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
    "AWS::IAM::InstanceProfile": "InstanceProfileName",
}
IAM_TYPES = set(IAM_NAME_PROPERTY) | {
    "AWS::IAM::Policy",
    "AWS::IAM::AccessKey",
    "AWS::IAM::UserToGroupAddition",
}
PSEUDO = {
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::NoValue",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
}


# --- TemplateURL ------------------------------------------------------------


def _is_ip(host):
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


def get_stack_from_s3_url(template_url, account_id, partition):
    parts = urlparse(template_url)
    host = parts.hostname or ""
    path = parts.path.lstrip("/")
    path_style = (
        host == "localhost"
        or _is_ip(host)
        or (host.startswith("s3") and host.endswith("amazonaws.com"))
    )
    try:
        if path_style:
            bucket, key = path.split("/", 1)
        else:
            bucket, key = host.split(".")[0], path
        obj = s3_backends[account_id][partition].get_object(bucket, key)
    except Exception:  # noqa: BLE001 - NoSuchBucket, bad URL...
        obj = None
    if obj is None:
        raise ValidationError(
            message="TemplateURL must reference a valid S3 object to which you have access."
        )
    if obj.size > MAX_URL_OBJECT:
        raise ValidationError(message=f"Template may not exceed {MAX_URL_OBJECT} bytes in size.")
    return obj.value.decode("utf-8")


# --- checks -----------------------------------------------------------------


def _check_body_size(body):
    if body is not None and len(body.encode("utf-8")) > MAX_BODY:
        raise ValidationError(
            message=f"1 validation error detected: Value '{body}' at 'templateBody' failed to "
            f"satisfy constraint: Member must have length less than or equal to {MAX_BODY}"
        )


def _refs(node, out):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Ref" and isinstance(value, str):
                out.add(value)
            elif key == "Fn::GetAtt":
                if isinstance(value, list) and value and isinstance(value[0], str):
                    out.add(value[0])
                elif isinstance(value, str):
                    out.add(value.split(".")[0])
            else:
                _refs(value, out)
    elif isinstance(node, list):
        for value in node:
            _refs(value, out)


def _check_template(template):
    """Unresolved Ref/GetAtt targets, as CloudFormation's template validation."""
    if not isinstance(template, dict):
        return
    resources = template.get("Resources") or {}
    known = set(resources) | set(template.get("Parameters") or {}) | PSEUDO
    for section in ("Resources", "Outputs"):
        used = set()
        _refs(template.get(section) or {}, used)
        missing = sorted(used - known)
        if missing:
            raise ValidationError(
                message=f"Template format error: Unresolved resource dependencies "
                f"[{', '.join(missing)}] in the {section} block of the template"
            )


def _check_ssm_parameters(response, template, stack=None):
    """Every SSM-typed parameter must name an existing SSM parameter."""
    if not isinstance(template, dict):
        return
    given = {p.get("ParameterKey"): p for p in response._get_param("Parameters", []) or []}
    ssm = ssm_backends[response.current_account][response.region]
    missing = []
    for name, slot in (template.get("Parameters") or {}).items():
        if not isinstance(slot, dict) or not str(slot.get("Type", "")).startswith("AWS::SSM::Parameter::Value<"):
            continue
        param = given.get(name)
        if param is None:
            value = slot.get("Default")
        elif str(param.get("UsePreviousValue", "")).lower() == "true" and stack is not None:
            value = (stack.parameters or {}).get(name)
        else:
            value = param.get("ParameterValue")
        if value and ssm.get_parameter(value) is None:
            missing.append(value)
    if missing:
        raise ValidationError(
            message=f"Unable to fetch parameters [{','.join(missing)}] from parameter store for this account."
        )


def required_capability(template):
    if not isinstance(template, dict):
        return None
    need = None
    for resource in (template.get("Resources") or {}).values():
        if not isinstance(resource, dict):
            continue
        rtype = resource.get("Type")
        if rtype not in IAM_TYPES:
            continue
        need = need or "CAPABILITY_IAM"
        name_prop = IAM_NAME_PROPERTY.get(rtype)
        if name_prop and name_prop in (resource.get("Properties") or {}):
            return "CAPABILITY_NAMED_IAM"
    return need


def _check_capabilities(template, capabilities):
    need = required_capability(template)
    if need is None or "CAPABILITY_NAMED_IAM" in capabilities:
        return
    if need == "CAPABILITY_IAM" and "CAPABILITY_IAM" in capabilities:
        return
    raise CloudFormationClientError(
        "InsufficientCapabilitiesException", f"Requires capabilities : [{need}]"
    )


def _template_of(response, previous=None):
    """The body a request deploys: TemplateBody, TemplateURL or the previous template."""
    body = response._get_param("TemplateBody")
    _check_body_size(body)
    url = response._get_param("TemplateURL")
    if response._get_bool_param("UsePreviousTemplate", False) and previous is not None:
        body = previous.template
    elif not body and url:
        body = response._get_stack_from_s3_url(url)
    if not body:
        return None, None
    try:
        parsed = cfn_models.Stack.parse_template(body)
    except Exception as error:  # noqa: BLE001
        raise ValidationError(message=f"Template format error: {error}")
    return body, parsed


def _capabilities(response):
    caps = response._get_param("Capabilities", [])
    return set(caps or [])


def _backend(response):
    return response.cloudformation_backend


def _live_stack(response, name):
    backend = _backend(response)
    if name in backend.stacks:
        return backend.stacks[name]
    return next((s for s in backend.stacks.values() if s.name == name), None)


# --- wrapped actions --------------------------------------------------------

_orig = {
    name: getattr(Response, name)
    for name in (
        "create_stack",
        "update_stack",
        "create_change_set",
        "execute_change_set",
        "validate_template",
        "get_template_summary",
    )
}


def create_stack(self):
    _, template = _template_of(self)
    _check_template(template)
    _check_capabilities(template, _capabilities(self))
    _check_ssm_parameters(self, template)
    on_failure = self._get_param("OnFailure")
    lifecycle.request_options.disable_rollback = (
        self._get_bool_param("DisableRollback", False) or on_failure == "DO_NOTHING"
    )
    try:
        result = _orig["create_stack"](self)
    finally:
        lifecycle.request_options.disable_rollback = False
    if on_failure == "DELETE":
        stack = _live_stack(self, self._get_param("StackName"))
        if stack is not None and stack.status == "ROLLBACK_COMPLETE":
            _backend(self).delete_stack(stack.stack_id)
    return result


def update_stack(self):
    stack = _backend(self).get_stack(self._get_param("StackName"))
    body, template = _template_of(self, previous=stack)
    _check_template(template)
    _check_capabilities(template, _capabilities(self))
    _check_ssm_parameters(self, template, stack)
    if (
        body is not None
        and not self._get_param("Parameters")
        and not self._get_param("Tags")
        and not stack.parameters
        and stack.has_template(body)
    ):
        raise ValidationError(stack.name, message="No updates are to be performed.")
    return _orig["update_stack"](self)


def create_change_set(self):
    name = self._get_param("StackName")
    stack = _live_stack(self, name)
    kind = self._get_param("ChangeSetType", "CREATE")
    # A stack that a CREATE change set made and nobody executed
    # (REVIEW_IN_PROGRESS) takes further CREATE change sets, as on AWS;
    # moto would make a second stack of the same name.
    review = stack if kind == "CREATE" and stack is not None and stack.status == "REVIEW_IN_PROGRESS" else None
    if kind == "CREATE" and stack is not None and review is None:
        raise ValidationError(
            message=f"Stack [{name}] already exists and cannot be created again with the "
            f"changeSet [{self._get_param('ChangeSetName')}]."
        )
    if kind == "UPDATE" and stack is not None and stack.status == "ROLLBACK_COMPLETE":
        raise ValidationError(
            message=f"Stack:{stack.stack_id} is in ROLLBACK_COMPLETE state and can not be updated."
        )
    _, template = _template_of(self, previous=stack)
    _check_template(template)
    _check_capabilities(template, _capabilities(self))
    _check_ssm_parameters(self, template, stack)
    out = _orig["create_change_set"](self)
    if review is not None:
        out = _adopt(self, review, self._get_param("ChangeSetName"), out)
    return out


def _adopt(response, review, change_set_name, out):
    """Moves the change set moto just made onto the REVIEW_IN_PROGRESS stack
    and drops the duplicate stack it made for it."""
    backend = _backend(response)
    for cs in backend.change_sets.values():
        if cs.change_set_name == change_set_name and cs.stack is not review and cs.stack.name == review.name:
            dup = cs.stack
            backend.stacks.pop(dup.stack_id, None)
            cs.stack, cs.stack_id = review, review.stack_id
            if isinstance(out, str):
                out = out.replace(dup.stack_id, review.stack_id)
            elif isinstance(out, tuple):
                out = tuple(x.replace(dup.stack_id, review.stack_id) if isinstance(x, str) else x for x in out)
            break
    return out


def execute_change_set(self):
    lifecycle.request_options.disable_rollback = self._get_bool_param("DisableRollback", False)
    try:
        return _orig["execute_change_set"](self)
    finally:
        lifecycle.request_options.disable_rollback = False


def validate_template(self):
    _check_body_size(self._get_param("TemplateBody"))
    return _orig["validate_template"](self)


def get_template_summary(self):
    _check_body_size(self._get_param("TemplateBody"))
    return _orig["get_template_summary"](self)


def update_termination_protection(self):
    stack = _backend(self).get_stack(self._get_param("StackName"))
    stack.enable_termination_protection = self._get_bool_param("EnableTerminationProtection", False)
    return ActionResult({"StackId": stack.stack_id})


def install():
    cfn_utils.get_stack_from_s3_url = get_stack_from_s3_url
    cfn_responses.get_stack_from_s3_url = get_stack_from_s3_url
    cfn_models.get_stack_from_s3_url = get_stack_from_s3_url
    Response.create_stack = create_stack
    Response.update_stack = update_stack
    Response.create_change_set = create_change_set
    Response.execute_change_set = execute_change_set
    Response.validate_template = validate_template
    Response.get_template_summary = get_template_summary
    Response.update_termination_protection = update_termination_protection
