//go:build !(linux && (amd64 || arm64))

package readahead

const supported = false

func willNeed(string) {}
