"""List-typed template parameters given by their Default.

moto 5.2.1 splits a CommaDelimitedList or List<…> parameter into a list only
when the value is passed at create time; a Default stays one string, so
`SubnetIds: !Ref SubnetIds` handed EC2 the characters of "subnet-a,subnet-b"
("The subnet ID 's' does not exist"). CloudFormation splits defaults too
(https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html).
"""

from moto.cloudformation.parsing import ResourceMap


def _split_defaults(load_parameters):
    def wrapped(self):
        load_parameters(self)
        for name, slot in self._template.get("Parameters", {}).items():
            value_type = slot.get("Type", "String")
            value = self.resolved_parameters.get(name)
            if isinstance(value, str) and (value_type == "CommaDelimitedList" or value_type.startswith("List<")):
                parts = value.split(",")
                if value_type == "List<Number>":
                    parts = [float(p) if "." in p else int(p) for p in parts]
                self.resolved_parameters[name] = parts
                self._parsed_resources[name] = parts  # Ref reads the parsed copy

    return wrapped


def install():
    ResourceMap.load_parameters = _split_defaults(ResourceMap.load_parameters)
