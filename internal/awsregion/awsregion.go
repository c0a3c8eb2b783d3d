// Package awsregion knows the AWS regions: each partition's regions and the
// pattern of its region names, generated (go generate) from the
// aws-sdk-go-v2 version landform is built with.
package awsregion

import (
	"regexp"
	"sync"
)

//go:generate go run ./gen

type partition struct {
	id, pattern string
	regions     []string
}

// Region is what is known of a region name.
type Region struct {
	Partition string // aws, aws-cn, aws-us-gov, …; "" when no partition's names look like it
	Known     bool   // the SDK lists it
}

var compiled = sync.OnceValue(func() []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(partitions))
	for i, p := range partitions {
		out[i] = regexp.MustCompile(p.pattern)
	}
	return out
})

// Lookup says which partition a region name belongs to, and whether the
// SDK landform is built with lists it (a newer region may only match its
// partition's pattern).
func Lookup(name string) Region {
	for i, p := range partitions {
		for _, r := range p.regions {
			if r == name {
				return Region{Partition: p.id, Known: true}
			}
		}
		if compiled()[i].MatchString(name) {
			return Region{Partition: p.id}
		}
	}
	return Region{}
}

// Names lists every known region, partition by partition.
func Names() []string {
	var out []string
	for _, p := range partitions {
		out = append(out, p.regions...)
	}
	return out
}

// SDKVersion is the aws-sdk-go-v2 version the data comes from.
func SDKVersion() string { return sdkVersion }
