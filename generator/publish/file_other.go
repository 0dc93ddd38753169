//go:build !unix

package publish

import "os"

// writeNew creates the file name, which must not exist, holding data.
func writeNew(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err1 := f.Close(); err == nil {
		err = err1
	}
	return err
}

// removeDetached would delete dir in the background; here the caller
// deletes it itself.
func removeDetached(string) bool { return false }
