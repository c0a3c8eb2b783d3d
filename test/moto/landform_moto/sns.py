"""AWS::SNS::Subscription through moto's SNS backend.

moto 5.2.1 has Subscribe/Unsubscribe in its SNS API but no CloudFormation
model for subscriptions, so the ml kind's alert e-mail subscription failed as
unsupported. As CloudFormation documents
(https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sns-subscription.html):
TopicArn, Protocol and Endpoint are required; Ref is the subscription's ARN;
a change of any of them replaces the subscription; delete unsubscribes.
"""

from moto.core.common_models import CloudFormationModel
from moto.sns.models import sns_backends

from . import registry


class SubscriptionResource(CloudFormationModel):
    """The stack's handle on a subscription that lives in moto's SNS."""

    def __init__(self, arn):
        self.arn = arn

    @staticmethod
    def cloudformation_name_type():
        return ""

    @staticmethod
    def cloudformation_type():
        return "AWS::SNS::Subscription"

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr == "Arn"

    def get_cfn_attribute(self, attribute_name):
        return self.arn

    @property
    def physical_resource_id(self):
        return self.arn

    def is_created(self):
        return True

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = cloudformation_json.get("Properties", {})
        sub = sns_backends[account_id][region_name].subscribe(props["TopicArn"], props["Endpoint"], props["Protocol"])
        return cls(sub.arn)

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
        sns_backends[account_id][region_name].unsubscribe(resource_name)

    def delete(self, account_id, region_name):
        region = self.arn.split(":")[3]
        sns_backends[account_id][region].unsubscribe(self.arn)


def install():
    registry.refresh_model_map()
