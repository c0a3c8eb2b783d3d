package config

import (
	"fmt"

	"github.com/landform/landform/internal/awsregion"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/yamltree"
)

// Regions reports every region of a config (a region: string or a
// regions: list, at any depth) that is not a region of an AWS partition:
// a typo would otherwise only fail at deploy time, at an endpoint that does
// not exist (LF-CFG-013, with the closest known region).
func Regions(d *Document) finding.List {
	var fs finding.List
	check := func(n *yamltree.Node, path string) {
		name, ok := n.String()
		if !ok || awsregion.Lookup(name).Known {
			return
		}
		hint := fmt.Sprintf("use a region of an AWS partition, such as us-east-1 (landform knows the regions of aws-sdk-go-v2 %s; a region launched since needs a newer landform)", awsregion.SDKVersion())
		if m := finding.Suggest(name, awsregion.Names()); m != "" {
			hint = fmt.Sprintf("did you mean %s? (landform knows the regions of aws-sdk-go-v2 %s; a region launched since needs a newer landform)", m, awsregion.SDKVersion())
		}
		fs.Errorf("LF-CFG-013", n.Pos, path, hint, "%s is not an AWS region", quoteShort(name))
	}
	var walk func(n *yamltree.Node, path string)
	walk = func(n *yamltree.Node, path string) {
		for _, e := range n.Entries {
			child := yamltree.ChildPath(path, e.Key)
			switch {
			case e.Key == "region" && e.Value.Kind == yamltree.Scalar:
				check(e.Value, child)
			case e.Key == "regions" && e.Value.Kind == yamltree.Seq:
				for i, it := range e.Value.Items {
					check(it, yamltree.IndexPath(child, i))
				}
			default:
				walk(e.Value, child)
			}
		}
		for i, it := range n.Items {
			walk(it, yamltree.IndexPath(path, i))
		}
	}
	if d != nil && d.Root != nil {
		walk(d.Root, "")
	}
	return fs
}
