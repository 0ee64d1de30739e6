"""Writing files atomically: a reader never sees a half-written output."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import hashlib
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Callable, Iterator

from .errors import EditionError


class OutputError(EditionError):
    """A file cannot be written (or a path cannot be used): full disk, read-only folder, link loop, …"""


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    The previous file, if any, stays intact until the new one is complete.
    """
    target = Path(path)
    try:
        if target.exists() and not target.is_file() and not target.is_dir():
            # a device or pipe (/dev/null, /dev/stdout, a FIFO): write through it, never replace it
            with open(target, "wb") as handle:
                _write(handle, data)
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise output_error(exc, target) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            _write(handle, data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise output_error(exc, target) from None
        raise
    return target


def write_new_file(path: str | os.PathLike, data: bytes) -> Path:
    """Write a file into a folder being built (not yet visible to readers): no temporary file needed."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as handle:
            _write(handle, data)
    except OSError as exc:
        raise output_error(exc, target) from None
    return target


def _write(handle, data: bytes) -> None:
    """Every write of an output goes through here (a test makes the disk full at this point)."""
    handle.write(data)


def write_text_atomic(path: str | os.PathLike, text: str) -> Path:
    return write_bytes_atomic(path, text.encode("utf-8"))


def file_sha256(path: str | os.PathLike | None) -> str:
    """The SHA-256 of a file's bytes (hex, read in blocks); '' for no file or one that cannot be read."""
    if path is None:
        return ""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return ""


def link_file(old: str | os.PathLike, new: str | os.PathLike) -> None:
    """``old`` at ``new`` (a new name in a folder being built): a hard link where the file system allows,
    else a copy. The folders above ``new`` are made when they are missing."""
    try:
        os.link(old, new, follow_symlinks=False)
        return
    except FileNotFoundError:
        if not os.path.lexists(old):
            raise
        os.makedirs(os.path.dirname(new), exist_ok=True)
    except OSError:
        shutil.copy2(old, new, follow_symlinks=False)
        return
    try:
        os.link(old, new, follow_symlinks=False)
    except OSError:
        shutil.copy2(old, new, follow_symlinks=False)


def link_tree(old: str | os.PathLike, new: str | os.PathLike) -> int:
    """The folder ``old`` again at ``new`` (which must not exist): its folders made anew, each file a hard
    link of the old one (a copy where links are not allowed); symbolic links stay links. Returns the
    number of files.

    One ``scandir`` per folder and one ``link`` per file: no ``stat`` of each file and no copy of the
    folders' times (``shutil.copytree`` does both), and the new folders get the mode a new folder of a
    build gets. The folders above ``new`` are made when they are missing.
    """
    old, new = os.fspath(old), os.fspath(new)
    try:
        os.mkdir(new)
    except FileNotFoundError:
        os.makedirs(new)
    count = 0
    with os.scandir(old) as entries:
        folders = []
        for entry in entries:
            target = os.path.join(new, entry.name)
            if entry.is_dir(follow_symlinks=False):
                folders.append((entry.path, target))
                continue
            link_file(entry.path, target)
            count += 1
    for source, target in folders:
        count += link_tree(source, target)
    return count


# --------------------------------------------------------------------------- errors a user can fix

#: What to do about a failed write or read, by errno.
_HINTS = {
    errno.ENOSPC: "the disk is full: free some space and try again",
    errno.EDQUOT: "the disk quota is exhausted: free some space and try again",
    errno.EFBIG: "the file is larger than this system allows: free some space or raise the limit",
    errno.EROFS: "the file system is read-only: choose another output folder",
    errno.EACCES: "permission denied: make it writable (chmod u+w) or choose another output folder",
    errno.EPERM: "not permitted: make it writable or choose another output folder",
    errno.ELOOP: "a symbolic link loop: fix or remove the link",
    errno.ENOTDIR: "a file stands where a folder is needed: move it away or choose another folder",
    errno.EISDIR: "a folder stands where a file is needed: move it away or choose another name",
    errno.EEXIST: "something is already there: move it away or choose another name",
    errno.ENAMETOOLONG: "the name is too long: choose a shorter path",
    errno.ENOENT: "no such file or folder",
    errno.EBUSY: "in use, or a mount point: close the program that holds it, or choose a folder inside it",
    errno.EXDEV: "the output folder is a mount point (another file system than the folder around it): "
                 "choose a folder inside it as the output",
}


def os_error_message(exc: OSError) -> str | None:
    """A one-line explanation of an ``OSError`` a user can fix, or None when it is not one."""
    hint = _HINTS.get(exc.errno)
    if hint is None:
        return None
    return hint if exc.strerror is None or hint.startswith(exc.strerror.lower()) else f"{exc.strerror}; {hint}"


def output_error(exc: OSError, path: str | os.PathLike) -> EditionError:
    """The ``OSError`` of writing ``path`` as a one-line error naming the file."""
    # the file the user asked for, not a temporary file of ours (``.name.….tmp``, ``.name.build-…``)
    hidden = exc.filename is None or Path(os.fsdecode(exc.filename)).name.startswith(".")
    named = path if hidden else exc.filename
    return OutputError(os_error_message(exc) or f"cannot write: {exc.strerror or exc}", path=str(named))


def resolve_path(path: str | os.PathLike, what: str = "path") -> Path:
    """``Path(path).resolve()``, with a symlink loop (a ``RuntimeError`` on Python 3.11) as a one-line error."""
    try:
        return Path(path).resolve()
    except RuntimeError:
        raise OutputError(f"{what} is a symbolic link loop (a link that points to itself, directly or "
                          "through others): fix or remove the link", path=str(path)) from None
    except OSError as exc:
        raise output_error(exc, path) from None


# --------------------------------------------------------------------------- folders the tool owns

def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Are ``a`` and ``b`` one file (also through symbolic and hard links)?"""
    try:
        first, second = os.stat(a), os.stat(b)
    except OSError:
        return False
    return (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino)


def is_within(path: str | os.PathLike, folder: str | os.PathLike) -> bool:
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(folder))
        return True
    except ValueError:
        return False


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def staging_dir(target: Path, kind: str = "build") -> Path:
    """A new empty folder beside ``target`` (``.<name>.<kind>-<pid>-<random>``), same file system."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.{kind}-{os.getpid()}-", dir=target.parent))


_LEFTOVER = re.compile(r"\.(?P<name>.+)\.(?P<kind>build|old)-(?P<pid>\d+)-[^/]*$")


def clean_leftovers(target: Path) -> list[Path]:
    """Remove what an interrupted writer of ``target`` left beside it; return what was removed.

    Only folders of processes that no longer run are touched. A previous version of ``target`` that
    an interrupted swap left aside (``.<name>.old-…``) is put back when ``target`` itself is missing.
    """
    removed: list[Path] = []
    if not target.parent.is_dir():
        return removed
    leftovers = []
    prefix = f".{target.name}."   # what every leftover's name begins with: the others are passed over cheaply
    for name in os.listdir(target.parent):   # (a folder of packages holds two entries a document)
        if not name.startswith(prefix):
            continue
        match = _LEFTOVER.match(name)
        if match and match["name"] == target.name and not _pid_alive(int(match["pid"])):
            leftovers.append((match["kind"], target.parent / name))
    for kind, entry in sorted(leftovers, key=lambda item: item[0] != "old"):
        if kind == "old" and not target.exists():
            os.rename(entry, target)
            continue
        shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
        removed.append(entry)
    return removed


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def replace_dir(new: Path, target: Path, *, keep_old: Path | None = None) -> None:
    """Put the finished folder ``new`` in place of ``target`` and remove the old one.

    Readers see the old or the new folder, never a mix: the two are exchanged in one step where the
    system allows it, else by two renames (an interruption between them is undone by
    ``clean_leftovers``). ``keep_old``: the old folder is kept under that name (what is left of an earlier
    spare there is removed; a name that something else holds is left as it is and the old folder
    removed) instead of being removed, as the spare of the next build (``spare_dir``).
    """
    if not target.exists() and not target.is_symlink():
        os.rename(new, target)
        return
    if _exchange(new, target):
        old = new  # after the exchange, the staging name holds the previous folder
    else:
        old = staging_dir(target, "old")
        os.rmdir(old)
        os.rename(target, old)
        os.rename(new, target)
    if keep_old is not None and remove_spare(keep_old):
        try:
            os.rename(old, keep_old)
            return
        except OSError:
            pass
    shutil.rmtree(old, ignore_errors=True)


# --------------------------------------------------------------------------- the spare of a build

def spare_dir(target: Path) -> Path:
    """Where a build keeps the output it replaced (``.<name>.spare`` beside ``target``): the next build
    takes the folders of unchanged documents from it (``take_or_link_tree``) instead of making each of
    their folders again and linking every file, and removes only what it did not take."""
    return target.parent / f".{target.name}.spare"


#: The file that marks an output folder as made by edition (it records what each PDF was printed from; a
#: spare is an output folder a build replaced, marker and all).
OUTPUT_MARKER = ".edition-output"


def own_spare(spare: Path) -> bool:
    """Is ``spare`` a spare a build made: a folder (not a symbolic link) holding the output marker?"""
    return spare.is_dir() and not spare.is_symlink() and (spare / OUTPUT_MARKER).is_file()


def remove_spare(spare: Path) -> bool:
    """Remove what is left of a spare; True when the name is free. Anything else at that name (a file, a
    symbolic link, a folder edition did not make) is left as it is: False."""
    if own_spare(spare):
        shutil.rmtree(spare, ignore_errors=True)
    return not spare.exists() and not spare.is_symlink()


def links_work(folder: Path) -> bool:
    """Does the file system of ``folder`` (a folder being built: the probe file is made and removed in
    it) make hard links? (A spare is worth keeping only where it does: elsewhere it would be a whole copy
    of the output.)"""
    try:
        fd, probe = tempfile.mkstemp(prefix=".links-", suffix=".tmp", dir=folder)
    except OSError:
        return False
    os.close(fd)
    try:
        os.link(probe, probe + ".link")
        os.unlink(probe + ".link")
        return True
    except OSError:
        return False
    finally:
        os.unlink(probe)


def same_tree(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Do the folders ``a`` and ``b`` hold the same names, folder for folder, and is every file of one a
    hard link of the file of the other (the same file: same device and inode)?"""
    try:
        if os.stat(a).st_dev != os.stat(b).st_dev:
            return False
        return _same_entries(a, b)
    except OSError:
        return False


def _same_entries(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """``same_tree`` of two folders of one device: the inodes as the folders list them (no file's stat)."""
    with os.scandir(a) as first, os.scandir(b) as second:
        ours = {entry.name: entry for entry in first}
        theirs = {entry.name: entry for entry in second}
    if ours.keys() != theirs.keys():
        return False
    for name, entry in ours.items():
        other = theirs[name]
        if entry.is_dir(follow_symlinks=False):
            if not other.is_dir(follow_symlinks=False) or not _same_entries(entry.path, other.path):
                return False
        elif other.is_dir(follow_symlinks=False) or entry.inode() != other.inode():
            return False
    return True


def take_or_link_tree(old: Path, new: Path, spare: Path | None) -> bool:
    """The folder ``old`` again at ``new`` in a folder being built: the spare's folder ``spare`` moved
    there when it is the same tree as ``old`` (``same_tree``: the same files), else ``link_tree``.
    Returns True when the spare's folder was taken."""
    if spare is not None and same_tree(spare, old):
        try:
            os.rename(spare, new)
            return True
        except FileNotFoundError:
            try:
                os.makedirs(os.path.dirname(new), exist_ok=True)
                os.rename(spare, new)
                return True
            except OSError:
                pass
        except OSError:
            pass
    link_tree(old, new)
    return False


def link_files_into(folder: Path, wanted: dict[str, str | os.PathLike], spare: Path | None = None, *,
                    spare_root: Path | None = None) -> int:
    """Add to ``folder`` (a folder being built; it may exist and hold files already, none of them named in
    ``wanted``) each file of ``wanted`` (name → the file) under its name: a hard link, or a copy where
    links are not allowed. Returns the number of files linked or copied.

    ``spare``: the same folder in the spare of the output (``spare_dir``), which the build removes when it
    is done. It is then mended and moved into place: a name ``wanted`` does not name is removed from it, a
    name whose file is not the wanted one (by device and inode) is linked again, and the files ``folder``
    held are moved into it. The folder ends as it would without a spare; what it costs grows with the
    differences instead of with the files (after a one-file change, 1,000 links and the later removal of
    the spare's 1,000 copies become a few). ``spare_root``: the spare itself; ``spare`` is used only when it is
    a folder of it, no symbolic link on the way (nothing outside the spare is listed, removed or moved)."""
    if spare is not None and wanted and spare_root is not None and folder_of(spare, spare_root):
        mended = _mended_spare(wanted, spare)
        if mended is not None:
            _move_into(folder, spare)
            return mended
    for name, source in wanted.items():
        link_file(source, os.path.join(folder, name))
    return len(wanted)


def folder_of(folder: Path, root: Path) -> bool:
    """Is ``folder`` a folder (not a symbolic link) under ``root``, reached through no symbolic link?"""
    try:
        relative = os.path.relpath(folder, root)
    except ValueError:
        return False
    parts = [] if relative == os.curdir else relative.split(os.sep)
    return _folder_under(os.fspath(root), parts) is not None


def _folder_under(root: str, parts: list[str]) -> str | None:
    """``root`` joined with ``parts`` when every name on the way is a folder, not a symbolic link (one
    ``lstat`` a name, where resolving both paths stats every name of each from the top); else None."""
    path = root
    try:
        if not stat.S_ISDIR(os.lstat(path).st_mode):
            return None
        for part in parts:
            if part in ("", os.curdir, os.pardir):
                return None
            path = os.path.join(path, part)
            if not stat.S_ISDIR(os.lstat(path).st_mode):
                return None
    except OSError:
        return None
    return path


#: Each spare found to be one a build made (``own_spare``), by the state of its folder then (device, inode,
#: change and modification times: a file made, removed or renamed in it changes them).
_OWN_SPARES: dict[str, tuple[int, int, int, int]] = {}


def folder_in_spare(spare: Path, *names: str) -> Path | None:
    """The folder ``spare/names...`` (a name may hold ``/``) when ``spare`` is a spare a build made
    (``own_spare``) and the folder is one of it (``folder_of``); else None (also for a file).

    A package task asks this of every unchanged document's folders: the spare's own check is made again
    only when the spare's folder changed since it was last made."""
    path = os.fspath(spare)
    try:
        root = os.lstat(path)
    except OSError:
        return None
    state = (root.st_dev, root.st_ino, root.st_ctime_ns, root.st_mtime_ns)
    if _OWN_SPARES.get(path) != state:
        if not own_spare(Path(path)):
            return None
        _OWN_SPARES[path] = state
    found = _folder_under(path, [part for name in names for part in name.split("/")])
    return Path(found) if found is not None else None


def _mended_spare(wanted: dict[str, str | os.PathLike], spare: Path) -> int | None:
    """The spare's folder made to hold exactly ``wanted``; the number of files linked, or None when it
    cannot be (then what is left of it goes with the rest of the spare)."""
    try:
        device = os.stat(spare, follow_symlinks=False).st_dev
        with os.scandir(spare) as entries:
            present = {entry.name: entry for entry in entries}
        for name, entry in present.items():
            source = wanted.get(name)
            if source is not None and not entry.is_dir(follow_symlinks=False):
                theirs = os.stat(source, follow_symlinks=False)
                if (theirs.st_dev, theirs.st_ino) == (device, entry.inode()):
                    continue
            _remove_entry(entry)
            present[name] = None
        linked = 0
        for name, source in wanted.items():
            if present.get(name) is None:
                link_file(source, os.path.join(spare, name))
                linked += 1
        return linked
    except OSError:
        return None


def _move_into(folder: Path, mended: Path) -> None:
    """The files the build made in ``folder`` moved into ``mended``, which then takes its place."""
    if os.path.lexists(folder):
        with os.scandir(folder) as entries:
            made = [entry.name for entry in entries]
        for name in made:   # (no name of them is in ``mended``: none is wanted)
            os.rename(os.path.join(folder, name), os.path.join(mended, name))
        os.rmdir(folder)
    else:
        os.makedirs(os.path.dirname(folder), exist_ok=True)
    os.rename(mended, folder)


def _remove_entry(entry: os.DirEntry) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path, ignore_errors=True)
    else:
        os.unlink(entry.path)


@contextlib.contextmanager
def output_lock(target: Path, echo: Callable[[str], None] = lambda message: None) -> Iterator[None]:
    """Hold the lock of the output folder ``target`` (a file ``.<name>.lock`` beside it).

    A second writer of the same folder waits, with a message, until the first has finished.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = target.parent / f".{target.name}.lock"
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise output_error(exc, target.parent) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            echo(f"another build is writing {target}: waiting for it to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


#: The first line of the marker file that says a folder was made by edition.
MARKER_HEADER = "made by edition: this folder is replaced as a whole each time edition writes it"


def write_marker(folder: Path, marker: str, lines: list[str] | None = None) -> None:
    """Mark ``folder`` (being built) as made by edition; ``lines`` list its files or records."""
    write_new_file(folder / marker, "\n".join([MARKER_HEADER, *(lines or [])]).encode("utf-8") + b"\n")


def read_marker(folder: Path, marker: str) -> list[str] | None:
    """The lines after the header of ``folder``'s marker, or None when the folder has none."""
    try:
        lines = (folder / marker).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return lines[1:] if lines and lines[0] == MARKER_HEADER else None


def settle_modes(folder: Path) -> list[str]:
    """Give every folder under ``folder`` (and itself) mode 0755 and every file 0644, as readers of a
    published folder need whatever the umask was; return ``folder_files(folder)``. One ``scandir`` walk;
    a mode is changed only where it is another (a change writes the file's inode, which its hard links in
    other outputs share); symbolic links are neither followed nor changed."""
    files: list[str] = []
    pending = [("", os.fspath(folder))]
    os.chmod(folder, 0o755)
    while pending:
        prefix, top = pending.pop()
        with os.scandir(top) as entries:
            for entry in entries:
                name = prefix + entry.name
                if entry.is_symlink():
                    files.append(name)
                    continue
                wanted = 0o755 if entry.is_dir() else 0o644
                if entry.stat(follow_symlinks=False).st_mode & 0o7777 != wanted:
                    os.chmod(entry.path, wanted, follow_symlinks=False)
                if wanted == 0o755:
                    pending.append((name + "/", entry.path))
                else:
                    files.append(name)
    return sorted(files)


def folder_files(folder: Path) -> list[str]:
    """Every file (and link) under ``folder``, as sorted relative POSIX paths."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir() or p.is_symlink())


def check_replaceable(folder: Path, marker: str, *, describe: str, listed: bool = True,
                      legacy: Callable[[Path], bool] | None = None, writable: bool = True) -> None:
    """Refuse, before anything is written, to replace ``folder`` unless edition made it.

    A folder may be replaced when it does not exist, is empty, or carries ``marker`` (with
    ``listed``, the marker lists every file: a file added since stops the replacement). ``legacy``
    recognises a folder made by an earlier version of edition, before the marker existed.
    ``writable=False`` leaves out the walk that checks every folder of it is writable
    (``check_writable``): the caller does it once it knows the folder will be replaced.
    """
    if not folder.exists() and not folder.is_symlink():
        return
    if not folder.is_dir():
        raise OutputError(f"is a file, not a folder: choose a folder for the {describe}", path=str(folder))
    try:
        empty = next(folder.iterdir(), None) is None
    except OSError as exc:
        raise output_error(exc, folder) from None
    if empty:
        return
    files = read_marker(folder, marker)
    if files is None:
        if legacy is not None and legacy(folder):
            if writable:
                check_writable(folder)
            return
        raise OutputError(f"not empty and not made by edition (it has no {marker} file): nothing was written; "
                          f"choose an empty or new folder for the {describe}", path=str(folder))
    if listed:
        known = set(files) | {marker}
        unknown = [name for name in folder_files(folder) if name not in known]
        if unknown:
            raise OutputError(f"this file was not made by edition and would be lost: move it out of "
                              f"{folder}, then try again", path=str(folder / unknown[0]))
    if writable:
        check_writable(folder)


def check_writable(folder: Path) -> None:
    """Refuse a folder tree that cannot be replaced: one of its folders is read-only."""
    pending = [os.fspath(folder)]
    while pending:  # folders only, symbolic links not followed (one scandir a folder, no Path made)
        top = pending.pop()
        if not os.access(top, os.W_OK):
            raise OutputError("read-only folder: make it writable (chmod -R u+w) or choose another "
                              "output folder; nothing was written", path=top)
        try:
            with os.scandir(top) as entries:
                pending.extend(entry.path for entry in entries if entry.is_dir(follow_symlinks=False))
        except OSError:
            continue
