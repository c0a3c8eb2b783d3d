"""EC2 security groups as CloudFormation documents them, backed by moto's EC2 backend.

Repairs (test: TestPlugin/SecurityGroups):

* AWS::EC2::SecurityGroup inline ``SecurityGroupIngress`` / ``SecurityGroupEgress``
  with every peer kind: CidrIp, CidrIpv6, Source/DestinationSecurityGroupId
  (or SourceSecurityGroupName), Source/DestinationPrefixListId, and each rule's
  Description (moto dropped IPv6, descriptions, prefix lists and all egress).
  When SecurityGroupEgress is given, the default allow-all egress rule is
  removed; when it is dropped again, the default comes back.
  Updates apply in place: the rules of the previous template that are gone are
  revoked, new ones authorized, changed descriptions rewritten. Rules other
  resources added (standalone Ingress/Egress) are left alone, as CloudFormation
  diffs against the previous template, not the live group.
  GroupName, GroupDescription and VpcId changes replace the group.
  Ref = group id; GetAtt GroupId, VpcId.
  https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-securitygroup.html
* AWS::EC2::SecurityGroupIngress / AWS::EC2::SecurityGroupEgress (moto: no
  Egress model, Ingress without IPv6 / prefix lists / updates / delete): one
  rule, authorized on create, revoked on delete; a Description change is
  applied in place, any other change replaces the rule. Ref and GetAtt Id =
  the security group rule id (sgr-...).
  https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-securitygroupingress.html
  https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-securitygroupegress.html
* DescribeSecurityGroupRules / DescribeSecurityGroups show the Description of
  security-group and prefix-list rules (moto kept only CIDR descriptions).
* A template parameter of type ``AWS::SSM::Parameter::Value<...>`` naming a
  missing SSM parameter is a ValidationError "Unable to fetch parameters [X]
  from parameter store for this account." (moto: HTTP 500).
"""

from moto.cloudformation import parsing
from moto.cloudformation.exceptions import UnformattedGetAttTemplateException, ValidationError
from moto.core.common_models import CloudFormationModel
from moto.ec2 import models as ec2_models
from moto.ec2.exceptions import (
    InvalidParameterCombination,
    InvalidParameterValue,
    InvalidSecurityGroupNotFoundError,
    MissingParameter,
)
from moto.ec2.models import security_groups as sg_models
from moto.ssm import ssm_backends

from . import registry

SecurityGroup = sg_models.SecurityGroup
SecurityGroupRule = sg_models.SecurityGroupRule

_PROTOCOLS = {"tcp": "tcp", "6": "tcp", "udp": "udp", "17": "udp", "icmp": "icmp", "1": "icmp", "all": "-1", "-1": "-1"}

# CloudFormation property -> (peer kind as moto stores it), per direction.
_PEERS = {
    False: {
        "CidrIp": "CidrIp",
        "CidrIpv6": "CidrIpv6",
        "SourceSecurityGroupId": "GroupId",
        "SourceSecurityGroupName": "GroupName",
        "SourcePrefixListId": "PrefixListId",
    },
    True: {
        "CidrIp": "CidrIp",
        "CidrIpv6": "CidrIpv6",
        "DestinationSecurityGroupId": "GroupId",
        "DestinationPrefixListId": "PrefixListId",
    },
}


def _backend(account_id, region_name):
    return ec2_models.ec2_backends[account_id][region_name]


def _protocol(value):
    text = str(value).lower()
    return _PROTOCOLS.get(text, text)


# --- rules ------------------------------------------------------------------


def _rule_spec(backend, rule, egress):
    """A CloudFormation rule -> (key, description); key = (proto, from, to, kind, peer)."""
    if "IpProtocol" not in rule:
        raise MissingParameter("The request must contain the parameter ipProtocol")
    peers = [(prop, kind) for prop, kind in _PEERS[egress].items() if rule.get(prop) not in (None, "")]
    if len(peers) != 1:
        names = ", ".join(_PEERS[egress])
        if not peers:
            raise MissingParameter(f"The request must contain exactly one of: {names}")
        raise InvalidParameterCombination(f"Only one of {names} can be specified")
    prop, kind = peers[0]
    value = rule[prop]
    if kind == "GroupName":
        group = backend.get_security_group_by_name_or_id(value)
        if group is None:
            raise InvalidSecurityGroupNotFoundError(value)
        kind, value = "GroupId", group.id
    if kind == "PrefixListId" and value not in backend.managed_prefix_lists:
        raise InvalidParameterValue(f"The prefix list '{value}' does not exist.")
    proto = _protocol(rule["IpProtocol"])
    if proto == "-1":
        ports = (None, None)
    else:
        ports = (int(rule.get("FromPort", -1)), int(rule.get("ToPort", -1)))
    return (proto, ports[0], ports[1], kind, value), rule.get("Description")


def _live_key(rule):
    proto = _protocol(rule.ip_protocol)
    if rule.ip_range.get("CidrIp"):
        peer = ("CidrIp", rule.ip_range["CidrIp"])
    elif rule.ip_range.get("CidrIpv6"):
        peer = ("CidrIpv6", rule.ip_range["CidrIpv6"])
    elif rule.source_group.get("GroupId"):
        peer = ("GroupId", rule.source_group["GroupId"])
    else:
        peer = ("PrefixListId", rule.prefix_list_id)
    if proto == "-1":
        return (proto, None, None) + peer
    return (proto, rule.from_port, rule.to_port) + peer


def _rules(group, egress):
    return group.egress_rules if egress else group.ingress_rules


def _find(group, key, egress):
    return next((r for r in _rules(group, egress) if _live_key(r) == key), None)


def _authorize(backend, group_id, key, description, egress):
    proto, from_port, to_port, kind, peer = key
    item = {kind: peer}
    if description is not None:
        item["Description"] = description
    ranges, groups, prefixes = [], [], []
    {"CidrIp": ranges, "CidrIpv6": ranges, "GroupId": groups, "PrefixListId": prefixes}[kind].append(item)
    call = backend.authorize_security_group_egress if egress else backend.authorize_security_group_ingress
    rules, _ = call(
        group_id,
        ip_protocol=proto,
        from_port=from_port,
        to_port=to_port,
        ip_ranges=ranges,
        source_groups=groups,
        prefix_list_ids=prefixes,
    )
    return rules[0]


def _revoke(backend, group_id, rule, egress):
    call = backend.revoke_security_group_egress if egress else backend.revoke_security_group_ingress
    call(group_id, None, None, None, [], security_rule_ids=[rule.id])


def _set_description(rule, description):
    if rule.ip_range:
        target = rule.ip_range
    elif rule.source_group:
        target = rule.source_group
    else:
        rule.lf_description = description
        return
    if description is None:
        target.pop("Description", None)
    else:
        target["Description"] = description


def _description(self):
    """SecurityGroupRule.description, for CIDR, security-group and prefix-list peers."""
    if self.ip_range:
        return self.ip_range.get("Description")
    if self.source_group:
        return self.source_group.get("Description")
    return getattr(self, "lf_description", None)


_orig_rule_init = SecurityGroupRule.__init__


def _rule_init(self, *args, **kwargs):
    _orig_rule_init(self, *args, **kwargs)
    prefix = kwargs.get("prefix_list_id", args[7] if len(args) > 7 else None)
    if prefix:
        self.lf_description = prefix.get("Description")


_orig_flattened = SecurityGroup._flattened_rules


def _flattened_rules(self, rules):
    """Group views with prefix-list descriptions (moto kept only the id)."""
    described = {r.prefix_list_id: getattr(r, "lf_description", None) for r in rules if r.prefix_list_id}
    views = _orig_flattened(self, rules)
    for view in views:
        for entry in view.prefix_list_ids:
            if described.get(entry["PrefixListId"]) is not None:
                entry["Description"] = described[entry["PrefixListId"]]
    return views


def _specs(backend, rules, egress):
    """CloudFormation rule list -> {key: description}, in template order."""
    out = {}
    for rule in rules or []:
        key, description = _rule_spec(backend, rule, egress)
        out[key] = description
    return out


def _default_egress(backend, group):
    """The allow-all egress rules EC2 gives a new group (IPv6 too in an IPv6 VPC)."""
    keys = {("-1", None, None, "CidrIp", "0.0.0.0/0"): None}
    vpc = backend.vpcs.get(group.vpc_id) if group.vpc_id else None
    if vpc is not None and vpc.get_cidr_block_association_set(ipv6=True):
        keys[("-1", None, None, "CidrIpv6", "::/0")] = None
    return keys


def _sync(backend, group, old, new, egress):
    """Revoke the keys of `old` missing from `new`, authorize the new ones, fix descriptions."""
    for key in old:
        if key not in new:
            rule = _find(group, key, egress)
            if rule is not None:
                _revoke(backend, group.id, rule, egress)
    for key, description in new.items():
        rule = _find(group, key, egress)
        if rule is None:
            _authorize(backend, group.id, key, description, egress)
        elif _description(rule) != description:
            _set_description(rule, description)


def _wanted(backend, group, props):
    ingress = _specs(backend, props.get("SecurityGroupIngress"), False)
    egress = _specs(backend, props.get("SecurityGroupEgress"), True) or _default_egress(backend, group)
    return ingress, egress


# --- AWS::EC2::SecurityGroup ------------------------------------------------


def _tags(props):
    return {t["Key"]: t["Value"] for t in props.get("Tags") or []}


def sg_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    props = cloudformation_json.get("Properties", {})
    backend = _backend(account_id, region_name)
    group = backend.create_security_group(
        name=props.get("GroupName", resource_name),
        description=props.get("GroupDescription"),
        vpc_id=props.get("VpcId"),
        tags=_tags(props),
    )
    try:
        ingress, egress = _wanted(backend, group, props)
        current_egress = {_live_key(r): _description(r) for r in group.egress_rules}
        _sync(backend, group, {}, ingress, False)
        _sync(backend, group, current_egress, egress, True)
    except Exception:
        backend.delete_security_group(group_id=group.id)
        raise
    group.lf_rules = (ingress, egress)
    return group


def sg_update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    props = cloudformation_json.get("Properties", {})
    backend = _backend(account_id, region_name)
    group = original_resource
    name = props.get("GroupName", group.name)
    vpc_id = props.get("VpcId") or backend.default_vpc.id
    if name != group.name or props.get("GroupDescription") != group.description or vpc_id != group.vpc_id:
        # "Update requires: Replacement": the new group first, then the old one goes.
        new_name = props.get("GroupName", new_resource_name)
        if new_name == group.name and vpc_id == group.vpc_id:
            group.delete(account_id, region_name)
            return sg_create(cls, new_name, cloudformation_json, account_id, region_name)
        new = sg_create(cls, new_name, cloudformation_json, account_id, region_name)
        group.delete(account_id, region_name)
        return new
    old_ingress, old_egress = getattr(group, "lf_rules", ({}, {}))
    ingress, egress = _wanted(backend, group, props)
    _sync(backend, group, old_ingress, ingress, False)
    _sync(backend, group, old_egress, egress, True)
    group.lf_rules = (ingress, egress)
    old_tags = {t["key"]: t["value"] for t in group.get_tags() if not t["key"].startswith("aws:")}
    new_tags = _tags(props)
    gone = {k: v for k, v in old_tags.items() if k not in new_tags}
    if gone:
        backend.delete_tags([group.id], gone)
    if new_tags:
        backend.create_tags([group.id], new_tags)
    return group


def sg_delete(cls, resource_name, cloudformation_json, account_id, region_name):
    """By physical id (the group id); a group already gone is deleted."""
    backend = _backend(account_id, region_name)
    if backend.get_security_group_from_id(resource_name) is not None:
        backend.delete_security_group(group_id=resource_name)


def sg_has_cfn_attr(cls, attr):
    return attr in ("GroupId", "VpcId")


def sg_get_cfn_attribute(self, attribute_name):
    if attribute_name == "GroupId":
        return self.id
    if attribute_name == "VpcId":
        return self.vpc_id
    raise UnformattedGetAttTemplateException()


# --- AWS::EC2::SecurityGroupIngress / SecurityGroupEgress -------------------


class _RuleResource:
    """One standalone rule; the rule itself lives in moto's EC2 security group.

    The concrete classes list CloudFormationModel as a direct base: moto finds
    models through CloudFormationModel.__subclasses__()."""

    egress = False

    def __init__(self, account_id, region_name, group_id, rule_id, key):
        self.account_id = account_id
        self.region_name = region_name
        self.group_id = group_id
        self.rule_id = rule_id
        self.key = key

    @staticmethod
    def cloudformation_name_type():
        return ""

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr == "Id"

    def get_cfn_attribute(self, attribute_name):
        if attribute_name == "Id":
            return self.rule_id
        raise UnformattedGetAttTemplateException()

    @property
    def physical_resource_id(self):
        return self.rule_id

    def is_created(self):
        return True

    @classmethod
    def _group(cls, backend, props):
        ref = props.get("GroupId") or props.get("GroupName")
        if not ref:
            raise MissingParameter("The request must contain the parameter groupId")
        group = backend.get_security_group_by_name_or_id(ref)
        if group is None:
            raise InvalidSecurityGroupNotFoundError(ref)
        return group

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs
    ):
        props = cloudformation_json.get("Properties", {})
        backend = _backend(account_id, region_name)
        group = cls._group(backend, props)
        key, description = _rule_spec(backend, props, cls.egress)
        rule = _authorize(backend, group.id, key, description, cls.egress)
        return cls(account_id, region_name, group.id, rule.id, key)

    @classmethod
    def update_from_cloudformation_json(
        cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name
    ):
        props = cloudformation_json.get("Properties", {})
        backend = _backend(account_id, region_name)
        group = cls._group(backend, props)
        key, description = _rule_spec(backend, props, cls.egress)
        if group.id == original_resource.group_id and key == original_resource.key:
            rule = _find(group, key, cls.egress)
            if rule is not None:  # only the Description changed: no interruption
                _set_description(rule, description)
                return original_resource
        # Any other property: "Update requires: Replacement". The old rule is
        # revoked first, since EC2 refuses a duplicate of a rule that still exists.
        original_resource.delete(account_id, region_name)
        return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)

    def delete(self, account_id, region_name):
        backend = _backend(account_id, region_name)
        group = backend.get_security_group_from_id(self.group_id)
        if group is None:
            return  # the group went first: the rule went with it
        rule = next((r for r in _rules(group, self.egress) if r.id == self.rule_id), None)
        if rule is not None:
            _revoke(backend, group.id, rule, self.egress)

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
        pass  # the instance's delete() does the work


class IngressResource(_RuleResource, CloudFormationModel):
    egress = False

    @staticmethod
    def cloudformation_type():
        return "AWS::EC2::SecurityGroupIngress"


class EgressResource(_RuleResource, CloudFormationModel):
    egress = True

    @staticmethod
    def cloudformation_type():
        return "AWS::EC2::SecurityGroupEgress"


# --- SSM-typed template parameters ------------------------------------------

_orig_parse_ssm = parsing.ResourceMap.parse_ssm_parameter


def parse_ssm_parameter(self, value, value_type):
    if ssm_backends[self._account_id][self._region_name].get_parameter(value) is None:
        raise ValidationError(
            message=f"Unable to fetch parameters [{value}] from parameter store for this account."
        )
    return _orig_parse_ssm(self, value, value_type)


def install():
    SecurityGroup.create_from_cloudformation_json = classmethod(sg_create)
    SecurityGroup.update_from_cloudformation_json = classmethod(sg_update)
    SecurityGroup.delete_from_cloudformation_json = classmethod(sg_delete)
    SecurityGroup.has_cfn_attr = classmethod(sg_has_cfn_attr)
    SecurityGroup.get_cfn_attribute = sg_get_cfn_attribute
    SecurityGroup._flattened_rules = _flattened_rules
    SecurityGroupRule.__init__ = _rule_init
    SecurityGroupRule.description = property(_description)
    parsing.ResourceMap.parse_ssm_parameter = parse_ssm_parameter
    registry.refresh_model_map()
    for cls in (IngressResource, EgressResource):
        # moto's own SecurityGroupIngress model has the same type; ours must win.
        assert parsing.get_model_map()[cls.cloudformation_type()] is cls
