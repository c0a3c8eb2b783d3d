"""AWS::IAM::SAMLProvider through moto's IAM backend.

moto 5.2.1 has CreateSAMLProvider in its IAM API but no CloudFormation model,
so a stack with a SAML provider (the access kind's identity account) was
skipped silently, and with the plugin failed as unsupported. As CloudFormation
documents (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-samlprovider.html):
Ref is the provider's ARN, GetAtt Arn the same; Name is required to be unique
in the account; a new SamlMetadataDocument updates the provider in place; a new
Name replaces it.
"""

from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
from moto.core.common_models import CloudFormationModel
from moto.iam import models as iam_models
from moto.iam.exceptions import NotFoundException

from . import registry


def _backend(account_id):
    return iam_models.iam_backends[account_id]["global"]


class SAMLProviderResource(CloudFormationModel):
    """The stack's handle on a SAML provider that lives in moto's IAM."""

    def __init__(self, account_id, arn, name):
        self.account_id = account_id
        self.arn = arn
        self.name = name

    @staticmethod
    def cloudformation_name_type():
        return "Name"

    @staticmethod
    def cloudformation_type():
        return "AWS::IAM::SAMLProvider"

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr == "Arn"

    def get_cfn_attribute(self, attribute_name):
        if attribute_name == "Arn":
            return self.arn
        raise UnformattedGetAttTemplateException()

    @property
    def physical_resource_id(self):
        return self.arn

    def is_created(self):
        return True

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = cloudformation_json.get("Properties", {})
        name = props.get("Name", resource_name)
        p = _backend(account_id).create_saml_provider(name, props["SamlMetadataDocument"])
        return cls(account_id, p.arn, name)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
        props = cloudformation_json.get("Properties", {})
        name = props.get("Name", new_resource_name)
        if name != original_resource.name:  # a new name is a new provider
            cls.delete_from_cloudformation_json(original_resource.arn, {}, account_id, region_name)
            return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)
        _backend(account_id).update_saml_provider(original_resource.arn, props["SamlMetadataDocument"])
        return original_resource

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
        try:
            _backend(account_id).delete_saml_provider(resource_name)
        except NotFoundException:
            pass  # already gone is success

    def delete(self, account_id, region_name):
        self.delete_from_cloudformation_json(self.arn, {}, account_id, region_name)


def install():
    registry.refresh_model_map()
