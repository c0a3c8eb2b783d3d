// Command killme writes files with workdir.WriteFile for the kill tests of
// package workdir, which build it, start it and kill -9 it mid-write.
//
//	killme [-loop] ROOT VERSION...
//
// Each VERSION is a directory whose files, by relative path, killme writes
// under ROOT, one version after the other; with -loop, over and over until
// killed. It prints "ready" once it has read the versions, and exits 1 on the
// first failed write.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/landform/landform/internal/workdir"
)

type file struct {
	rel  string
	data []byte
}

func main() {
	loop := flag.Bool("loop", false, "write the versions over and over")
	flag.Parse()
	if flag.NArg() < 2 {
		fmt.Fprintln(os.Stderr, "usage: killme [-loop] ROOT VERSION...")
		os.Exit(2)
	}
	root := flag.Arg(0)
	var versions [][]file
	for _, dir := range flag.Args()[1:] {
		v, err := read(dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		versions = append(versions, v)
	}
	fmt.Println("ready")
	for {
		for _, v := range versions {
			for _, f := range v {
				if err := workdir.WriteFile(filepath.Join(root, f.rel), f.data); err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(1)
				}
			}
		}
		if !*loop {
			return
		}
	}
}

// read returns the files under dir, in lexical order of their paths.
func read(dir string) ([]file, error) {
	var files []file
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		files = append(files, file{rel, data})
		return err
	})
	return files, err
}
