package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// checkOut makes sure results can be written to dir before any work
// starts: it creates dir if needed and a temporary file in it.
func checkOut(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("-out %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, ".bench-check-*")
	if err != nil {
		return fmt.Errorf("-out %s: not writable: %w", dir, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// writeFile writes a file whole or not at all: write produces the
// contents into a temporary file in the same directory, which replaces
// path only once it is complete and closed. On any error the temporary
// file is removed and path is left as it was.
func writeFile(path string, write func(f *os.File) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := write(f); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := f.Chmod(0o644); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
