"""AWS::IAM::User as CloudFormation documents it, backed by moto's IAM backend.

moto's own model creates the user with its name and Path and ignores the
rest: Groups, Policies, ManagedPolicyArns and Tags. Any update that names
UserName is a replacement that fails with EntityAlreadyExists (it creates the
new user before deleting the old one under the same name).

Here: Groups, inline Policies, ManagedPolicyArns and Tags are applied on
create and re-synced on update; Path is updated in place (UpdateUser); only a
new UserName replaces the user. Delete removes what the template declared
(memberships, inline and managed policies) and then the user, as
CloudFormation's handler does.
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-user.html
"""

from moto.iam import models as iam_models
from moto.iam.exceptions import NotFoundException

from . import registry
from .iam import _backend, _sync_inline, _sync_managed

User = iam_models.User


def _apply(backend, name, props, user):
    _sync_inline(
        dict(user.policies),
        props.get("Policies"),
        lambda n, d: backend.put_user_policy(name, n, d),
        lambda n: backend.delete_user_policy(name, n),
    )
    _sync_managed(
        list(user.managed_policies),
        props.get("ManagedPolicyArns"),
        lambda arn: backend.attach_user_policy(arn, name),
        lambda arn: backend.detach_user_policy(arn, name),
    )
    current = [g.name for g in backend.get_groups_for_user(name)]
    wanted = list(dict.fromkeys(props.get("Groups") or []))
    for group in [g for g in current if g not in wanted]:
        backend.remove_user_from_group(group, name)
    for group in [g for g in wanted if g not in current]:
        backend.add_user_to_group(group, name)
    tags = props.get("Tags") or []
    stale = [t["Key"] for t in backend.list_user_tags(name) if t["Key"] not in {w["Key"] for w in tags}]
    if stale:
        backend.untag_user(name, stale)
    if tags:
        backend.tag_user(name, tags)


def user_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    props = cloudformation_json.get("Properties", {})
    name = props.get("UserName", resource_name)
    backend = _backend(account_id, region_name)
    user = backend.create_user(region_name=region_name, user_name=name, path=props.get("Path") or "/")
    try:
        _apply(backend, name, props, user)
    except Exception:
        user_delete(cls, name, cloudformation_json, account_id, region_name)
        raise
    return user


def user_update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    props = cloudformation_json.get("Properties", {})
    name = props.get("UserName", original_resource.name)
    if name != original_resource.name:
        new = user_create(cls, name, cloudformation_json, account_id, region_name)
        user_delete(cls, original_resource.name, cloudformation_json, account_id, region_name)
        return new
    backend = _backend(account_id, region_name)
    user = backend.get_user(name)
    user.path = props.get("Path") or "/"
    _apply(backend, name, props, user)
    return user


def user_delete(cls, resource_name, cloudformation_json, account_id, region_name):
    backend = _backend(account_id, region_name)
    try:
        user = backend.get_user(resource_name)
    except NotFoundException:
        return
    for group in backend.get_groups_for_user(resource_name):
        backend.remove_user_from_group(group.name, resource_name)
    for arn in list(user.managed_policies):
        backend.detach_user_policy(arn, resource_name)
    for policy_name in list(user.policies):
        backend.delete_user_policy(resource_name, policy_name)
    backend.delete_user(resource_name)


def install():
    User.create_from_cloudformation_json = classmethod(user_create)
    User.update_from_cloudformation_json = classmethod(user_update)
    User.delete_from_cloudformation_json = classmethod(user_delete)
    registry.refresh_model_map()
