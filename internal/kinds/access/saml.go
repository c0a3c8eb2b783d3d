package access

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// samlMetadataNS is the SAML 2.0 metadata namespace.
const samlMetadataNS = "urn:oasis:names:tc:SAML:2.0:metadata"

// CheckMetadata reports what makes data unusable as an IdP's SAML
// metadata: it must be XML whose root is an md:EntityDescriptor holding an
// md:IDPSSODescriptor, which is what IAM's CreateSAMLProvider accepts.
//
// It must not hold CloudFormation syntax either: the document is a
// property of the stack's AWS::IAM::SAMLProvider, where CloudFormation
// would resolve a {{resolve:…}} dynamic reference.
func CheckMetadata(data []byte) error {
	if i := bytes.Index(data, []byte("{{resolve:")); i >= 0 {
		line := bytes.Count(data[:i], []byte("\n")) + 1
		return fmt.Errorf("line %d holds a CloudFormation dynamic reference ({{resolve:…}}), which CloudFormation would resolve in the stack: use the IdP's metadata as it is", line)
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	depth := 0
	root, idp := false, false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("not well-formed XML: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				if el.Name.Local != "EntityDescriptor" || el.Name.Space != samlMetadataNS {
					return fmt.Errorf("the root element is %s, not an md:EntityDescriptor (%s)", el.Name.Local, samlMetadataNS)
				}
				root = true
			}
			if depth == 2 && el.Name.Local == "IDPSSODescriptor" && el.Name.Space == samlMetadataNS {
				idp = true
			}
		case xml.EndElement:
			depth--
		}
	}
	switch {
	case !root:
		return fmt.Errorf("no md:EntityDescriptor element")
	case !idp:
		return fmt.Errorf("the EntityDescriptor has no md:IDPSSODescriptor: this is not an identity provider's metadata")
	}
	return nil
}
