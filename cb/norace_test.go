//go:build !race

package cb_test

const raceEnabled = false
