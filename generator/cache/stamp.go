package cache

import (
	"io/fs"
	"time"
)

// A Stamp is what the file system says about a file without reading
// it. The Cache trusts a page it has read before when the stamp is
// unchanged, so that a rebuild of a large site opens only the files that
// changed instead of every file.
//
// Timestamps are coarse (a few milliseconds on Linux), so a file changed
// twice within one tick could keep its stamp. As git does with its index
// ("racy git"), a stamp is trusted only when the file's change time was
// safely before the moment the Cache read it; a file changed around then
// is read again and compared byte for byte. The change time (ctime) is
// used because no program can set it back, unlike the modification time
// that cp -p or tar restore; where the system does not give it, every
// file is read as before.
type Stamp struct {
	size  int64
	mtime time.Time
	ctime time.Time
	ino   uint64
}

// RacyWindow is how long before a read a file must have last changed for
// its stamp to be trusted. It is far above timestamp resolution, and
// covers file systems whose clocks differ a little from this machine's.
// Tests shorten it.
var RacyWindow = 2 * time.Second

func StampOf(info fs.FileInfo) (Stamp, bool) {
	ctime, ino, ok := changeTime(info)
	if !ok {
		return Stamp{}, false
	}
	return Stamp{size: info.Size(), mtime: info.ModTime(), ctime: ctime, ino: ino}, true
}

// trusted reports whether a file whose stamp was st when it was read at
// readAt, and is now, can be taken to have the same bytes.
func (st Stamp) trusted(now Stamp, readAt time.Time) bool {
	same := st.size == now.size && st.ino == now.ino && st.mtime.Equal(now.mtime) && st.ctime.Equal(now.ctime)
	return same && st.ctime.Before(readAt.Add(-RacyWindow))
}

// Record is a Stamp in a form that can be saved to disk (by gob), for the
// build command's cache that outlives the process.
type Record struct {
	Size  int64
	Mtime int64 // nanoseconds since 1970
	Ctime int64
	Ino   uint64
}

// Record returns st in a form that can be saved.
func (st Stamp) Record() Record {
	return Record{Size: st.size, Mtime: st.mtime.UnixNano(), Ctime: st.ctime.UnixNano(), Ino: st.ino}
}

// Stamp returns the Stamp r was made from.
func (r Record) Stamp() Stamp {
	return Stamp{size: r.Size, mtime: time.Unix(0, r.Mtime), ctime: time.Unix(0, r.Ctime), ino: r.Ino}
}

// Trusted reports whether a file whose stamp was st when it was read at
// readAt, and is now, can be taken to have the same bytes.
func (st Stamp) Trusted(now Stamp, readAt time.Time) bool { return st.trusted(now, readAt) }

// SameFile reports whether st and now describe the same, unchanged file,
// ignoring the change time: see the build cache's use for its output.
func (st Stamp) SameFile(now Stamp) bool {
	return st.size == now.size && st.ino == now.ino && st.mtime.Equal(now.mtime)
}
