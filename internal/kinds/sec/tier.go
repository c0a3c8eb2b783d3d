package sec

import (
	"slices"
	"strconv"
)

// Tier is one of the three sec tiers and what it allows. The numbers are the
// product's: startup-5, medium-10, enterprise-12.
type Tier struct {
	Name              string
	Groups            int
	ServiceRoles      int
	AssumableRoles    int
	CrossAccountRoles int
	NeedsBucket       bool // templates of this tier exceed TemplateBody's limit
}

// Tiers lists the tiers in order.
var Tiers = []Tier{
	{Name: "startup", Groups: 5, ServiceRoles: 4, AssumableRoles: 1, CrossAccountRoles: 0},
	{Name: "medium", Groups: 10, ServiceRoles: 5, AssumableRoles: 6, CrossAccountRoles: 1, NeedsBucket: true},
	{Name: "enterprise", Groups: 12, ServiceRoles: 5, AssumableRoles: 7, CrossAccountRoles: 2, NeedsBucket: true},
}

// Label is the tier's product name: "medium-10".
func (t Tier) Label() string {
	return t.Name + "-" + strconv.Itoa(t.Groups)
}

func tierByName(name string) (Tier, bool) {
	i := slices.IndexFunc(Tiers, func(t Tier) bool { return t.Name == name })
	if i < 0 {
		return Tier{}, false
	}
	return Tiers[i], true
}
