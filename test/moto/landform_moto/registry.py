"""Registering CloudFormation resource models with moto's parser.

moto builds its type -> model table (``moto.cloudformation.parsing.get_model_map``)
from ``CloudFormationModel.__subclasses__()`` and caches it. A model the plugin
defines is a subclass too, so after defining one we only have to drop the caches.
"""

from moto.cloudformation import parsing


def refresh_model_map():
    """Forget moto's cached type -> model tables so new subclasses are seen."""
    parsing.get_model_list.cache_clear()
    parsing.get_model_map.cache_clear()
    parsing.get_name_type_map.cache_clear()


def is_supported(resource_type):
    """True when moto (with the plugin) has a model for resource_type."""
    if resource_type in parsing.NULL_MODELS or resource_type.startswith("Custom::"):
        return True
    return resource_type in parsing.get_model_map()


def has_update_handler(model):
    """True when the model implements update_from_cloudformation_json."""
    return not hasattr(model.update_from_cloudformation_json, "__isabstractmethod__")
