package main

import "errors"

func runFactorise(out string) error { return errors.New("not wired yet") }
func runMLP(out string) error       { return errors.New("not wired yet") }
