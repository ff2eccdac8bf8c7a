//go:build race

package cb_test

// raceEnabled is set under the race detector, which makes each task some
// ten times slower: the tests that run a million tasks run fewer.
const raceEnabled = true
