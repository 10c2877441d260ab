// Command checkpath reads module paths, one JSON string per line, and prints
// for each, as a JSON string, "ok" or golang.org/x/mod/module.CheckPath's
// error. The tests compare the generator's validator against it.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"golang.org/x/mod/module"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var path string
		if err := json.Unmarshal(in.Bytes(), &path); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		verdict := "ok"
		if err := module.CheckPath(path); err != nil {
			verdict = err.Error()
		}
		if err := out.Encode(verdict); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
