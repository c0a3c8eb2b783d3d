"""EKS access entries: the API and AWS::EKS::AccessEntry.

moto 5.2.1 has EKS clusters but no access entries and no CloudFormation model
for any EKS type. This adds, on moto's clusters, as EKS documents them
(https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessEntry.html):

* CreateAccessEntry, DescribeAccessEntry, ListAccessEntries, UpdateAccessEntry,
  DeleteAccessEntry, AssociateAccessPolicy, DisassociateAccessPolicy and
  ListAssociatedAccessPolicies. A missing cluster or entry is
  ResourceNotFoundException; a second entry for a principal
  ResourceInUseException; a Kubernetes group starting with ``system:``, or a
  principal IAM does not have, InvalidParameterException. The username
  defaults to the role's assumed-role ARN with ``{{SessionName}}``, as EKS sets
  it for a STANDARD entry.
* AWS::EKS::AccessEntry
  (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-eks-accessentry.html):
  ClusterName, PrincipalArn, KubernetesGroups, Username, Type, AccessPolicies
  (PolicyArn, AccessScope Type/Namespaces), Tags. Ref is
  ``ClusterName|PrincipalArn``; GetAtt AccessEntryArn. KubernetesGroups,
  Username, AccessPolicies and Tags update in place; a new ClusterName,
  PrincipalArn or Type replaces the entry; delete deletes it.

Not modelled: the cluster's authentication mode (EKS refuses access entries on
a CONFIG_MAP-only cluster; moto's clusters have no mode) and Kubernetes
itself (nothing here authorizes a request inside the cluster).
"""

import uuid
from datetime import datetime, timezone

from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
from moto.core.common_models import CloudFormationModel
from moto.core.responses import ActionResult, EmptyResult
from moto.eks import urls
from moto.eks.exceptions import InvalidParameterException, ResourceInUseException, ResourceNotFoundException
from moto.eks.models import eks_backends
from moto.eks.responses import EKSResponse
from moto.iam.models import iam_backends

from . import registry

# (account, region, cluster) -> principalArn -> entry
_entries = {}


def _not_found(message):
    return ResourceNotFoundException(clusterName=None, nodegroupName=None, fargateProfileName=None, addonName=None, message=message)


def _cluster(account_id, region, name):
    if name not in eks_backends[account_id][region].clusters:
        raise _not_found(f"No cluster found for name: {name}.")
    return _entries.setdefault((account_id, region, name), {})


def _entry(account_id, region, cluster, principal):
    entries = _cluster(account_id, region, cluster)
    if principal not in entries:
        raise _not_found(f"The specified access entry resource does not exist on this cluster: {principal}")
    return entries[principal]


def _now():
    return datetime.now(timezone.utc)


def _check_groups(groups):
    for g in groups or []:
        if g.startswith("system:"):
            raise InvalidParameterException(message=f"The kubernetes group name {g} is invalid, it cannot start with system:")


def _check_principal(account_id, principal):
    parts = principal.split(":", 5)
    if len(parts) != 6 or parts[2] != "iam" or "/" not in parts[5]:
        raise InvalidParameterException(message=f"The specified principalArn is invalid: {principal}")
    kind, _, name = parts[5].partition("/")
    name = name.rsplit("/", 1)[-1]
    iam = iam_backends[parts[4]]["global"]
    known = {"role": lambda: any(r.name == name for r in iam.roles.values()), "user": lambda: name in iam.users}
    if kind not in known or not known[kind]():
        raise InvalidParameterException(message=f"The specified principalArn is invalid: invalid principal {principal}")
    return kind, name


def create_entry(account_id, region, cluster, principal, groups=None, username=None, kind="STANDARD", tags=None):
    entries = _cluster(account_id, region, cluster)
    if principal in entries:
        raise ResourceInUseException(
            clusterName=cluster, nodegroupName=None, addonName=None,
            message="The specified access entry resource is already in use on this cluster.")
    _check_groups(groups)
    ptype, name = _check_principal(account_id, principal)
    if not username:
        acct = principal.split(":")[4]
        username = f"arn:aws:sts::{acct}:assumed-role/{name}/{{{{SessionName}}}}" if ptype == "role" else principal
    now = _now()
    entries[principal] = {
        "clusterName": cluster, "principalArn": principal, "kubernetesGroups": list(groups or []),
        "accessEntryArn": f"arn:aws:eks:{region}:{account_id}:access-entry/{cluster}/{ptype}/{principal.split(':')[4]}/{name}/{uuid.uuid4()}",
        "createdAt": now, "modifiedAt": now, "tags": dict(tags or {}), "username": username, "type": kind or "STANDARD",
        "policies": {},
    }
    return entries[principal]


def update_entry(account_id, region, cluster, principal, groups=None, username=None):
    e = _entry(account_id, region, cluster, principal)
    _check_groups(groups)
    if groups is not None:
        e["kubernetesGroups"] = list(groups)
    if username:
        e["username"] = username
    e["modifiedAt"] = _now()
    return e


def delete_entry(account_id, region, cluster, principal):
    _entry(account_id, region, cluster, principal)
    del _entries[(account_id, region, cluster)][principal]


def associate(account_id, region, cluster, principal, policy, scope):
    e = _entry(account_id, region, cluster, principal)
    if not policy.startswith("arn:aws:eks::aws:cluster-access-policy/"):
        raise InvalidParameterException(message=f"The specified policyArn is invalid: {policy}")
    now = _now()
    old = e["policies"].get(policy)
    e["policies"][policy] = {"policyArn": policy, "accessScope": scope or {"type": "cluster"},
                             "associatedAt": old["associatedAt"] if old else now, "modifiedAt": now}
    return e["policies"][policy]


def disassociate(account_id, region, cluster, principal, policy):
    e = _entry(account_id, region, cluster, principal)
    if policy not in e["policies"]:
        raise _not_found(f"The specified access policy is not associated: {policy}")
    del e["policies"][policy]


def _public(e):
    return {k: v for k, v in e.items() if k != "policies"}


# The API, on moto's EKSResponse.

def _create_access_entry(self):
    e = create_entry(self.current_account, self.region, self._get_param("name"), self._get_param("principalArn"),
                     self._get_param("kubernetesGroups"), self._get_param("username"), self._get_param("type"), self._get_param("tags"))
    return ActionResult({"accessEntry": _public(e)})


def _describe_access_entry(self):
    return ActionResult({"accessEntry": _public(_entry(self.current_account, self.region, self._get_param("name"), self._get_param("principalArn")))})


def _list_access_entries(self):
    entries = _cluster(self.current_account, self.region, self._get_param("name"))
    return ActionResult({"accessEntries": sorted(entries)})


def _update_access_entry(self):
    e = update_entry(self.current_account, self.region, self._get_param("name"), self._get_param("principalArn"),
                     self._get_param("kubernetesGroups"), self._get_param("username"))
    return ActionResult({"accessEntry": _public(e)})


def _delete_access_entry(self):
    delete_entry(self.current_account, self.region, self._get_param("name"), self._get_param("principalArn"))
    return EmptyResult()


def _associate_access_policy(self):
    cluster, principal = self._get_param("name"), self._get_param("principalArn")
    p = associate(self.current_account, self.region, cluster, principal, self._get_param("policyArn"), self._get_param("accessScope"))
    return ActionResult({"clusterName": cluster, "principalArn": principal, "associatedAccessPolicy": p})


def _disassociate_access_policy(self):
    disassociate(self.current_account, self.region, self._get_param("name"), self._get_param("principalArn"), self._get_param("policyArn"))
    return EmptyResult()


def _list_associated_access_policies(self):
    cluster, principal = self._get_param("name"), self._get_param("principalArn")
    e = _entry(self.current_account, self.region, cluster, principal)
    return ActionResult({"clusterName": cluster, "principalArn": principal,
                         "associatedAccessPolicies": [e["policies"][k] for k in sorted(e["policies"])]})


# CloudFormation.

def _tags(props):
    return {t["Key"]: t["Value"] for t in props.get("Tags") or []}


def _scope(p):
    s = p.get("AccessScope") or {}
    out = {"type": s.get("Type", "cluster")}
    if s.get("Namespaces"):
        out["namespaces"] = list(s["Namespaces"])
    return out


def _sync_policies(account_id, region, cluster, principal, props):
    want = {p["PolicyArn"]: _scope(p) for p in props.get("AccessPolicies") or []}
    have = _entry(account_id, region, cluster, principal)["policies"]
    for arn in [a for a in have if a not in want]:
        disassociate(account_id, region, cluster, principal, arn)
    for arn, scope in want.items():
        if arn not in have or have[arn]["accessScope"] != scope:
            associate(account_id, region, cluster, principal, arn, scope)


class AccessEntryResource(CloudFormationModel):
    """The stack's handle on an access entry of a moto cluster."""

    def __init__(self, account_id, region_name, cluster, principal):
        self.account_id = account_id
        self.region_name = region_name
        self.cluster = cluster
        self.principal = principal

    @staticmethod
    def cloudformation_name_type():
        return ""

    @staticmethod
    def cloudformation_type():
        return "AWS::EKS::AccessEntry"

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr == "AccessEntryArn"

    def get_cfn_attribute(self, attribute_name):
        if attribute_name == "AccessEntryArn":
            return _entry(self.account_id, self.region_name, self.cluster, self.principal)["accessEntryArn"]
        raise UnformattedGetAttTemplateException()

    @property
    def physical_resource_id(self):
        return f"{self.cluster}|{self.principal}"

    def is_created(self):
        return True

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = cloudformation_json.get("Properties", {})
        cluster, principal = props["ClusterName"], props["PrincipalArn"]
        create_entry(account_id, region_name, cluster, principal, props.get("KubernetesGroups"), props.get("Username"),
                     props.get("Type", "STANDARD"), _tags(props))
        try:
            _sync_policies(account_id, region_name, cluster, principal, props)
        except Exception:
            delete_entry(account_id, region_name, cluster, principal)
            raise
        return cls(account_id, region_name, cluster, principal)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
        props = cloudformation_json.get("Properties", {})
        cluster, principal = props["ClusterName"], props["PrincipalArn"]
        old = _entry(account_id, region_name, original_resource.cluster, original_resource.principal)
        if (cluster, principal, props.get("Type", "STANDARD")) != (original_resource.cluster, original_resource.principal, old["type"]):
            new = cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)
            original_resource.delete(account_id, region_name)
            return new
        update_entry(account_id, region_name, cluster, principal, props.get("KubernetesGroups") or [], props.get("Username"))
        old["tags"] = _tags(props)
        _sync_policies(account_id, region_name, cluster, principal, props)
        return original_resource

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
        cluster, _, principal = resource_name.partition("|")
        delete_entry(account_id, region_name, cluster, principal)

    def delete(self, account_id, region_name):
        try:
            delete_entry(self.account_id, self.region_name, self.cluster, self.principal)
        except ResourceNotFoundException:
            pass  # the cluster or the entry went first: nothing left to delete


def install():
    # One pattern takes every access-entry path: moto's dispatch finds the
    # operation from botocore's model (method and URI), not from this table.
    urls.url_paths["{0}/clusters/(?P<name>[^/]+)/access-entries(?P<rest>.*)$"] = urls.response.dispatch
    EKSResponse.create_access_entry = _create_access_entry
    EKSResponse.describe_access_entry = _describe_access_entry
    EKSResponse.list_access_entries = _list_access_entries
    EKSResponse.update_access_entry = _update_access_entry
    EKSResponse.delete_access_entry = _delete_access_entry
    EKSResponse.associate_access_policy = _associate_access_policy
    EKSResponse.disassociate_access_policy = _disassociate_access_policy
    EKSResponse.list_associated_access_policies = _list_associated_access_policies
    registry.refresh_model_map()
