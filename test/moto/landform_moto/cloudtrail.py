"""AWS::CloudTrail::Trail through moto's CloudTrail backend.

moto 5.2.1 has the CloudTrail API but no CloudFormation model, so a trail in a
template failed as unsupported. As CloudFormation documents
(https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudtrail-trail.html):
TrailName (or a generated name), S3BucketName (the bucket must exist),
S3KeyPrefix, SnsTopicName, IncludeGlobalServiceEvents, IsMultiRegionTrail,
EnableLogFileValidation, IsOrganizationTrail, CloudWatchLogsLogGroupArn,
CloudWatchLogsRoleArn, KMSKeyId, Tags; IsLogging (required) starts or stops
logging. Ref is the trail's name; GetAtt Arn. Everything but TrailName is
updated in place; delete deletes the trail.
"""

from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
from moto.cloudtrail.models import cloudtrail_backends
from moto.core.common_models import CloudFormationModel

from . import registry


def _flag(props, key, default=False):
    v = props.get(key, default)
    return v if isinstance(v, bool) else str(v).lower() == "true"


def _args(props):
    return dict(
        s3_key_prefix=props.get("S3KeyPrefix"),
        sns_topic_name=props.get("SnsTopicName"),
        cw_log_group_arn=props.get("CloudWatchLogsLogGroupArn"),
        cw_role_arn=props.get("CloudWatchLogsRoleArn"),
        kms_key_id=props.get("KMSKeyId"),
    )


class TrailResource(CloudFormationModel):
    """The stack's handle on a trail that lives in moto's CloudTrail."""

    def __init__(self, account_id, region_name, name):
        self.account_id = account_id
        self.region_name = region_name
        self.name = name

    @staticmethod
    def cloudformation_name_type():
        return "TrailName"

    @staticmethod
    def cloudformation_type():
        return "AWS::CloudTrail::Trail"

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr in ("Arn", "SnsTopicArn")

    def get_cfn_attribute(self, attribute_name):
        trail = cloudtrail_backends[self.account_id][self.region_name].get_trail(self.name)
        if attribute_name == "Arn":
            return trail.arn
        if attribute_name == "SnsTopicArn":
            return trail.topic_arn
        raise UnformattedGetAttTemplateException()

    @property
    def physical_resource_id(self):
        return self.name

    def is_created(self):
        return True

    @staticmethod
    def _logging(backend, name, props):
        if _flag(props, "IsLogging"):
            backend.start_logging(name)
        else:
            backend.stop_logging(name)

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = cloudformation_json.get("Properties", {})
        name = props.get("TrailName", resource_name)
        backend = cloudtrail_backends[account_id][region_name]
        a = _args(props)
        backend.create_trail(
            name, props["S3BucketName"], a["s3_key_prefix"], a["sns_topic_name"],
            _flag(props, "IncludeGlobalServiceEvents", True), _flag(props, "IsMultiRegionTrail"),
            _flag(props, "EnableLogFileValidation"), _flag(props, "IsOrganizationTrail"),
            a["cw_log_group_arn"], a["cw_role_arn"], a["kms_key_id"], props.get("Tags") or [],
        )
        cls._logging(backend, name, props)
        return cls(account_id, region_name, name)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
        props = cloudformation_json.get("Properties", {})
        name = props.get("TrailName", original_resource.name)
        if name != original_resource.name:
            new = cls.create_from_cloudformation_json(name, cloudformation_json, account_id, region_name)
            cls.delete_from_cloudformation_json(original_resource.name, {}, account_id, region_name)
            return new
        backend = cloudtrail_backends[account_id][region_name]
        a = _args(props)
        backend.update_trail(
            name, props["S3BucketName"], a["s3_key_prefix"], a["sns_topic_name"],
            _flag(props, "IncludeGlobalServiceEvents", True), _flag(props, "IsMultiRegionTrail"),
            _flag(props, "EnableLogFileValidation"), _flag(props, "IsOrganizationTrail"),
            a["cw_log_group_arn"], a["cw_role_arn"], a["kms_key_id"],
        )
        cls._logging(backend, name, props)
        return original_resource

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
        cloudtrail_backends[account_id][region_name].delete_trail(resource_name)

    def delete(self, account_id, region_name):
        cloudtrail_backends[self.account_id][self.region_name].delete_trail(self.name)


def install():
    registry.refresh_model_map()
