"""IAM resource types as CloudFormation documents them, backed by moto's IAM backend.

Repairs (see test/moto/README.md for the table and the tests):

* AWS::IAM::Group (moto has no CloudFormation model): GroupName or a generated
  ``{stack}-{logicalId}-{random}`` name, Path, inline Policies,
  ManagedPolicyArns; Ref = name, GetAtt Arn; update in place, replacement on a
  new GroupName; delete detaches and deletes its policies first.
  https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-group.html
* AWS::IAM::UserToGroupAddition (no model in moto).
  https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-usertogroupaddition.html
* AWS::IAM::Role: ManagedPolicyArns attached on create and re-synced on update;
  Policies, MaxSessionDuration, Description, trust policy and permissions
  boundary updated in place; inline documents stored as JSON, not a Python
  repr; delete detaches managed policies first (moto refuses DeleteRole while
  policies are attached, and CloudFormation's handler detaches them).
  https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html
* AWS::IAM::ManagedPolicy: a PolicyDocument update creates a new default
  version (the oldest non-default version is deleted when 5 exist), the
  Roles/Groups/Users it declares are re-synced, delete detaches then deletes.
  https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-managedpolicy.html
"""

import json

from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
from moto.core.common_models import CloudFormationModel
from moto.iam import models as iam_models
from moto.iam.exceptions import DeleteConflictException, NotFoundException
from moto.utilities.utils import get_partition

from . import registry


def _backend(account_id, region_name):
    return iam_models.iam_backends[account_id][get_partition(region_name)]


def _doc(document):
    """A policy document as IAM stores it: a JSON string."""
    if isinstance(document, str):
        return document
    return json.dumps(document)


def _same_doc(a, b):
    try:
        return json.loads(_doc(a)) == json.loads(_doc(b))
    except (TypeError, ValueError):
        return a == b


def _sync_inline(current, wanted, put, delete):
    """Make the inline policies `current` (name -> doc) equal `wanted` (CFN list)."""
    want = {p["PolicyName"]: _doc(p["PolicyDocument"]) for p in wanted or []}
    for name in [n for n in current if n not in want]:
        delete(name)
    for name, doc in want.items():
        if name not in current or not _same_doc(current[name], doc):
            put(name, doc)


def _sync_managed(current, wanted, attach, detach):
    """Make the attached managed policy ARNs `current` equal `wanted`."""
    wanted = list(dict.fromkeys(wanted or []))
    for arn in [a for a in current if a not in wanted]:
        detach(arn)
    for arn in wanted:
        if arn not in current:
            attach(arn)


# --- AWS::IAM::Group --------------------------------------------------------


class GroupResource(CloudFormationModel):
    """AWS::IAM::Group; the stack keeps this handle, the group lives in moto's IAM."""

    def __init__(self, account_id, region_name, name):
        self.account_id = account_id
        self.region_name = region_name
        self.name = name

    @staticmethod
    def cloudformation_name_type():
        return "GroupName"

    @staticmethod
    def cloudformation_type():
        return "AWS::IAM::Group"

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr == "Arn"

    def get_cfn_attribute(self, attribute_name):
        if attribute_name == "Arn":
            return _backend(self.account_id, self.region_name).get_group(self.name).arn
        raise UnformattedGetAttTemplateException()

    @property
    def physical_resource_id(self):
        return self.name

    def is_created(self):
        return True

    @staticmethod
    def _apply(backend, name, props, group):
        _sync_inline(
            dict(group.policies),
            props.get("Policies"),
            lambda n, d: backend.put_group_policy(name, n, d),
            lambda n: backend.delete_group_policy(name, n),
        )
        _sync_managed(
            list(group.managed_policies),
            props.get("ManagedPolicyArns"),
            lambda arn: backend.attach_group_policy(arn, name),
            lambda arn: backend.detach_group_policy(arn, name),
        )

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs
    ):
        props = cloudformation_json.get("Properties", {})
        name = props.get("GroupName", resource_name)
        backend = _backend(account_id, region_name)
        group = backend.create_group(name, props.get("Path", "/"))
        try:
            cls._apply(backend, name, props, group)
        except Exception:
            # A failed create leaves nothing behind, as CloudFormation's handler.
            cls.delete_from_cloudformation_json(name, {}, account_id, region_name)
            raise
        return cls(account_id, region_name, name)

    @classmethod
    def update_from_cloudformation_json(
        cls,
        original_resource,
        new_resource_name,
        cloudformation_json,
        account_id,
        region_name,
    ):
        props = cloudformation_json.get("Properties", {})
        name = props.get("GroupName", original_resource.name)
        if name != original_resource.name:
            # GroupName: "Update requires: Replacement" (create new, delete old).
            new = cls.create_from_cloudformation_json(
                name, cloudformation_json, account_id, region_name
            )
            cls.delete_from_cloudformation_json(
                original_resource.name, {}, account_id, region_name
            )
            return new
        backend = _backend(account_id, region_name)
        group = backend.get_group(name)
        group.path = props.get("Path", "/")
        cls._apply(backend, name, props, group)
        return original_resource

    @classmethod
    def delete_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name
    ):
        backend = _backend(account_id, region_name)
        group = backend.groups.get(resource_name)
        if group is None:
            return  # already gone: delete succeeds, as on AWS
        for arn in list(group.managed_policies):
            backend.detach_group_policy(arn, resource_name)
        for policy_name in list(group.policies):
            backend.delete_group_policy(resource_name, policy_name)
        if group.users:
            raise DeleteConflictException(
                "Cannot delete entity, must remove users from group first."
            )
        backend.delete_group(resource_name)


# --- AWS::IAM::UserToGroupAddition ------------------------------------------


class UserToGroupAdditionResource(CloudFormationModel):
    """AWS::IAM::UserToGroupAddition: adds existing users to a group."""

    def __init__(self, account_id, region_name, name, group_name, users):
        self.account_id = account_id
        self.region_name = region_name
        self.name = name
        self.group_name = group_name
        self.users = list(users)

    @staticmethod
    def cloudformation_name_type():
        return ""

    @staticmethod
    def cloudformation_type():
        return "AWS::IAM::UserToGroupAddition"

    @classmethod
    def has_cfn_attr(cls, attr):
        return False

    def get_cfn_attribute(self, attribute_name):
        raise UnformattedGetAttTemplateException()

    @property
    def physical_resource_id(self):
        return self.name

    def is_created(self):
        return True

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs
    ):
        props = cloudformation_json.get("Properties", {})
        backend = _backend(account_id, region_name)
        group_name = props["GroupName"]
        users = props.get("Users", [])
        done = []
        try:
            for user in users:
                backend.add_user_to_group(group_name, user)
                done.append(user)
        except Exception:
            for user in done:
                backend.remove_user_from_group(group_name, user)
            raise
        return cls(account_id, region_name, resource_name, group_name, users)

    @classmethod
    def update_from_cloudformation_json(
        cls,
        original_resource,
        new_resource_name,
        cloudformation_json,
        account_id,
        region_name,
    ):
        props = cloudformation_json.get("Properties", {})
        original_resource.delete(account_id, region_name)
        backend = _backend(account_id, region_name)
        for user in props.get("Users", []):
            backend.add_user_to_group(props["GroupName"], user)
        original_resource.group_name = props["GroupName"]
        original_resource.users = list(props.get("Users", []))
        return original_resource

    def delete(self, account_id, region_name):
        backend = _backend(account_id, region_name)
        group = backend.groups.get(self.group_name)
        if group is None:
            return
        for user in self.users:
            if any(u.name == user for u in group.users):
                backend.remove_user_from_group(self.group_name, user)

    @classmethod
    def delete_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name
    ):
        pass  # the instance's delete() does the work


# --- AWS::IAM::Role ---------------------------------------------------------

Role = iam_models.Role
_role_create = Role.create_from_cloudformation_json
_role_delete = Role.delete_from_cloudformation_json


def _role_detach_all(backend, role_name):
    role = backend.get_role(role_name)
    for arn in list(role.managed_policies):
        backend.detach_role_policy(arn, role_name)


def role_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    """moto's create, plus ManagedPolicyArns (moto ignores them) and JSON inline documents."""
    role = _role_create(resource_name, cloudformation_json, account_id, region_name, **kwargs)
    props = cloudformation_json["Properties"]
    backend = _backend(account_id, region_name)
    try:
        for name, document in list(role.policies.items()):
            role.policies[name] = _doc(document)
        _sync_managed(
            [],
            props.get("ManagedPolicyArns"),
            lambda arn: backend.attach_role_policy(arn, role.name),
            None,
        )
    except Exception:
        role_delete(cls, role.name, cloudformation_json, account_id, region_name)
        raise
    return role


def role_update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    """Update a role in place as CloudFormation does; replace it on a new RoleName or Path.

    moto's own update only sets Description and resets MaxSessionDuration to 3600.
    """
    props = cloudformation_json["Properties"]
    backend = _backend(account_id, region_name)
    name = props.get("RoleName", original_resource.name)
    if name != original_resource.name or props.get("Path", "/") != original_resource.path:
        if name == original_resource.name:
            role_delete(cls, original_resource.name, cloudformation_json, account_id, region_name)
            return role_create(cls, name, cloudformation_json, account_id, region_name)
        new = role_create(cls, name, cloudformation_json, account_id, region_name)
        role_delete(cls, original_resource.name, cloudformation_json, account_id, region_name)
        return new
    role = backend.get_role(name)
    backend.update_assume_role_policy(name, _doc(props["AssumeRolePolicyDocument"]))
    role.description = props.get("Description", "")
    role.max_session_duration = props.get("MaxSessionDuration", 3600)
    if props.get("PermissionsBoundary"):
        backend.put_role_permissions_boundary(name, props["PermissionsBoundary"])
    else:
        role.permissions_boundary_arn = None
    _sync_inline(
        dict(role.policies),
        props.get("Policies"),
        lambda n, d: backend.put_role_policy(name, n, d),
        lambda n: backend.delete_role_policy(name, n),
    )
    _sync_managed(
        list(role.managed_policies),
        props.get("ManagedPolicyArns"),
        lambda arn: backend.attach_role_policy(arn, name),
        lambda arn: backend.detach_role_policy(arn, name),
    )
    return role


def role_delete(cls, resource_name, cloudformation_json, account_id, region_name):
    """Detach managed policies first (CloudFormation's handler does); a missing role is deleted."""
    backend = _backend(account_id, region_name)
    try:
        _role_detach_all(backend, resource_name)
    except NotFoundException:
        return
    _role_delete(resource_name, cloudformation_json, account_id, region_name)


# --- AWS::IAM::ManagedPolicy ------------------------------------------------

ManagedPolicy = iam_models.ManagedPolicy
_mp_create = ManagedPolicy.create_from_cloudformation_json

_ATTACHMENTS = {
    "Roles": ("attach_role_policy", "detach_role_policy", "roles"),
    "Groups": ("attach_group_policy", "detach_group_policy", "groups"),
    "Users": ("attach_user_policy", "detach_user_policy", "users"),
}


def _entities(backend, kind):
    entities = getattr(backend, _ATTACHMENTS[kind][2])
    return {e.name: e for e in entities.values()}


def mp_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    policy = _mp_create(resource_name, cloudformation_json, account_id, region_name, **kwargs)
    props = cloudformation_json.get("Properties", {})
    policy.lf_declared = {k: list(props.get(k, [])) for k in _ATTACHMENTS}
    return policy


def mp_update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    """PolicyDocument -> new default version; Roles/Groups/Users re-synced.

    ManagedPolicyName, Path and Description require replacement.
    """
    props = cloudformation_json.get("Properties", {})
    backend = _backend(account_id, region_name)
    policy = original_resource
    name = props.get("ManagedPolicyName", policy.name)
    if (
        name != policy.name
        or props.get("Path", "/") != policy.path
        or (props.get("Description") or "") != (policy.description or "")
    ):
        mp_delete(cls, policy.arn, cloudformation_json, account_id, region_name)
        return mp_create(cls, new_resource_name, cloudformation_json, account_id, region_name)

    document = _doc(props["PolicyDocument"])
    default = next(v for v in policy.versions if v.version_id == policy.default_version_id)
    if not _same_doc(default.document, document):
        if len(policy.versions) >= 5:
            oldest = next(v for v in policy.versions if not v.is_default)
            backend.delete_policy_version(policy.arn, oldest.version_id)
        backend.create_policy_version(policy.arn, document, set_as_default=True)

    declared = getattr(policy, "lf_declared", {k: [] for k in _ATTACHMENTS})
    for kind, (attach, detach, _) in _ATTACHMENTS.items():
        wanted = list(props.get(kind, []))
        entities = _entities(backend, kind)
        for entity in declared.get(kind, []):
            if entity not in wanted and entity in entities and policy.arn in entities[entity].managed_policies:
                getattr(backend, detach)(policy.arn, entity)
        for entity in wanted:
            obj = entities.get(entity)
            if obj is None or policy.arn not in obj.managed_policies:
                getattr(backend, attach)(policy.arn, entity)
    policy.lf_declared = {k: list(props.get(k, [])) for k in _ATTACHMENTS}
    return policy


def mp_delete(cls, resource_name, cloudformation_json, account_id, region_name):
    """Detach from every entity, delete the non-default versions, delete the policy."""
    backend = _backend(account_id, region_name)
    policy = backend.managed_policies.get(resource_name)
    if policy is None:
        return
    for kind, (_, detach, _) in _ATTACHMENTS.items():
        for entity_name, entity in _entities(backend, kind).items():
            if policy.arn in entity.managed_policies:
                getattr(backend, detach)(policy.arn, entity_name)
    for version in [v for v in policy.versions if not v.is_default]:
        backend.delete_policy_version(policy.arn, version.version_id)
    backend.delete_policy(policy.arn)


def install():
    Role.create_from_cloudformation_json = classmethod(role_create)
    Role.update_from_cloudformation_json = classmethod(role_update)
    Role.delete_from_cloudformation_json = classmethod(role_delete)
    ManagedPolicy.create_from_cloudformation_json = classmethod(mp_create)
    ManagedPolicy.update_from_cloudformation_json = classmethod(mp_update)
    ManagedPolicy.delete_from_cloudformation_json = classmethod(mp_delete)
    registry.refresh_model_map()
