"""Contact addresses as editors paste them: an e-mail address, a phone number or a web
address, each alone, or what to write instead when a label or punctuation came along
(`E-post: kommun@ale.se`, `<a@ale.se>`, `b@ale.se,`, `Tel: 0303-33 00 00`, `Webb: www.ale.se`)."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from sitegen.errors import quoted
from sitegen.swedish import phone_uri

# What a `mailto:` link takes as it is: no ':', '<', ',', '?', '#', '%' or space, which
# would make another link (or none) of it; letters of any alphabet, as RFC 6531 allows.
_LOCAL = r"[\w!$&'*+/=^`{|}~-]+(?:\.[\w!$&'*+/=^`{|}~-]+)*"
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"  # a part of a host name: no '-' or '_' at its ends
_HOST = rf"(?:{_LABEL}\.)+(?:[^\W\d_]{{2,}}|xn--[a-z0-9-]+)"
_EMAIL = re.compile(rf"{_LOCAL}@{_HOST}")
_EMAIL_INSIDE = re.compile(rf"(?<![\w.!#%?$&'*+/=^`{{|}}~-]){_EMAIL.pattern}(?![\w-])")
_WEB_INSIDE = re.compile(r"(?:https?://|www\.)[^\s,;<>\"'()\[\]]+", re.IGNORECASE)
_MAILTO = re.compile(r"mailto:", re.IGNORECASE)


def without_mailto(value: str) -> str:
    """`mailto:kommun@ale.se` (an e-mail link's address, copied as it is) → `kommun@ale.se`;
    any other text as it is."""
    return value[len("mailto:"):] if _MAILTO.match(value) else value


def fragment_problem(href: str) -> str | None:
    """Why the `mailto:` address `href` would lose part of what it says: a '#' in its
    query (`?subject=Nr #1`) ends the address there, and mail programs drop what follows
    it, as RFC 6068 §2 has a `mailto:` fragment ignored; said with the address to write,
    each such '#' as %23. None for an address without one (a fragment after the addresses
    alone, `mailto:a@ale.se#x`, drops nothing) and for any other address."""
    head, mark, query = href.partition("?")
    if not _MAILTO.match(head) or "#" not in query or "#" in head:
        return None
    lost = query[query.index("#"):]
    return (f"has a '#' after its '?', where it ends the address: mail programs drop {quoted(lost)}; "
            f"write the '#' as %23: {head}{mark}{query.replace('#', '%23')}")


def is_email(value: str) -> bool:
    """Whether `value` is one e-mail address and nothing else, as a `mailto:` link needs it."""
    return _EMAIL.fullmatch(value) is not None


def email_in(value: str) -> str | None:
    """The one e-mail address in `value` (`E-post: a@ale.se`, `<a@ale.se>`, `a@ale.se,` →
    `a@ale.se`), or None when there is none or more than one."""
    found = _EMAIL_INSIDE.findall(value)
    return found[0] if len(found) == 1 else None


def address_in(value: str) -> str | None:
    """The one address `value` means, when it holds one: a web address (`web_in`), else an
    e-mail address as a `mailto:` link (`kommun@ale.se`, `mailto:kommun@ale.se` →
    `mailto:kommun@ale.se`); None when it holds neither."""
    if found := web_in(value):
        return found
    return f"mailto:{email}" if (email := email_in(without_mailto(value))) else None


def mailto_problem(href: str) -> str | None:
    """What is wrong with `href`, a link's `mailto:` address as the page holds it (its
    %-escapes read as UTF-8), said as an editor can act on it, with what to write; or None
    for one e-mail address, or several separated by ',' (RFC 6068), before the query or in
    its `to=` (`mailto:?to=a@ale.se`), a local part in quotes too (`"not@me"@example.org`),
    with a query (`?subject=…`) or not, and a fragment (`#x`, which mail programs ignore)
    or not."""
    # RFC 3986: the fragment ends the address; a '#' of the address itself is written %23.
    to, mark, query = without_mailto(href).partition("#")[0].partition("?")
    written = unquote(to)
    # RFC 6068 §2: the addresses may be given in the query's `to=` too (`mailto:?to=a@ale.se`).
    also = _to(query)
    if not written.strip() and not any(a.strip() for a in also):
        return "has no e-mail address after 'mailto:'; write one, like mailto:namn@kommun.se"
    parts = [part for text in (written, *also) if text for part in text.split(",")]
    wrong = [part for part in parts if not _mailbox(part) or part.startswith("//")]
    if not wrong:
        return fragment_problem(href)
    if len(parts) > 1 and all(_mailbox(part.strip()) for part in parts):
        return _spaces_problem(written, query)
    if written.strip() and not set(written.split(",")) & set(wrong):
        # the wrong one is in to=: the link to write cannot be made from this one
        why = _why_not_email(wrong[0])
        return f"has an address in its to= that is no e-mail address: {why}; write it like to=namn@kommun.se"
    if ";" in written and all(is_email(part) for part in written.split(";")):
        return f"has the addresses {quoted(written)}; separate them with ',' (RFC 6068), not ';'"
    return f"leads to no e-mail address: {_why_not_email(wrong[0])}; {_mailto_fix(written, mark + query)}"


def _mailto_fix(written: str, rest: str) -> str:
    """What to write for a `mailto:` link whose addresses `written` (before `rest`, its
    query) are not all right: the address found in it when nothing but punctuation, a
    name before '<' or a stray '//' is around it (`mailto:<a@ale.se>` → `mailto:a@ale.se`);
    the right addresses kept and the wrong ones shown as a pattern when there are several
    (`mailto:a@ale.se,bo.ale.se`); else a pattern alone, not a guess that drops part of
    what was written (`mailto:a b@ale.se` may be ab@ or a.b@)."""
    text = written.lstrip("/")
    found = email_in(text)
    if found and ("<" in text or not text.replace(found, "", 1).strip(" <>\"',;:")):
        return f"write mailto:{found}{rest}"
    parts = [part for part in text.split(",") if part.strip()]
    if len(parts) > 1 and any(_mailbox(part) for part in parts):
        shown = ",".join(part if _mailbox(part) else "namn@kommun.se" for part in parts)
        return f"write each address whole, like mailto:{shown}"
    return "write it like mailto:namn@kommun.se"


def _spaces_problem(written: str, query: str) -> str:
    """What to say of a `mailto:` link to several addresses, `written` before its query
    `query` or in its `to=`, each an e-mail address but for spaces around it: RFC 6068
    allows none, not after a ',' either, and a mail program may take the space for part of
    the address (`mailto:a@ale.se, b@ale.se` → write `mailto:a@ale.se,b@ale.se`)."""

    def tight(text: str) -> str:
        return ",".join(part.strip() for part in text.split(","))

    fields = [f"{key}={tight(unquote(value))}" if unquote(key).lower() == "to" else f"{key}{mark}{value}"
              for key, mark, value in (field.partition("=") for field in query.split("&") if field)]  # fmt: skip
    fix = f"mailto:{tight(written)}" + ("?" + "&".join(fields) if fields else "")
    beside = all(text == text.strip() for text in (written, *_to(query)))
    where = "next to a ',' between its addresses" if beside else "before or after its addresses"
    return f"has a space {where}, which RFC 6068 does not allow in a link; write {fix}"


def _to(query: str) -> list[str]:
    """The values of the `to=` fields of a `mailto:` link's query, their %-escapes read."""
    return [unquote(value) for key, _, value in (field.partition("=") for field in query.split("&"))
            if unquote(key).lower() == "to"]  # fmt: skip


# A local part in quotes, as RFC 5322 §3.2.4 allows it (`"not@me"@example.org`, RFC 6068
# §6.1's example): any character but '"' and '\\', or either escaped by a '\\'.
_QUOTED_EMAIL = re.compile(rf'"(?:[^"\\\r\n]|\\.)*"@{_HOST}')


def _mailbox(text: str) -> bool:
    """Whether `text` is one e-mail address as a `mailto:` link may hold it: as `is_email`
    takes it, or with its local part in quotes."""
    return is_email(text) or _QUOTED_EMAIL.fullmatch(text) is not None


def _why_not_email(text: str) -> str:
    """Why `text`, which is no e-mail address (`is_email`), is none, in a few words."""
    domain = text.rpartition("@")[2]
    if not text:
        return "an address before or after a ',' is empty"
    if text.startswith("//"):
        return "'mailto:' is followed by '//', which a web address has and an e-mail address has not"
    if "<" in text:
        return f"{quoted(text)} is a name with an address, and a mailto: link takes the address alone"
    if any(character.isspace() for character in text):
        return f"{quoted(text)} has a space in it"
    if "@" not in text:
        return f"{quoted(text)} has no '@'"
    if domain and "." not in domain:
        return f"the domain {quoted(domain)} of {quoted(text)} has no ending like .se"
    return f"{quoted(text)} is not written as one (namn@domän.se)"


def phone_in(value: str) -> str | None:
    """The phone number in `value` without a label before it or punctuation after it
    (`Tel: 0303-33 00 00,` → `0303-33 00 00`), or None when what is left is no number."""
    number = re.sub(r"[\s,;.:/]+$", "", re.sub(r"^[^\d+(]*", "", value))
    return number if number and number != value and phone_uri(number) else None


def loose_phone(value: str) -> bool:
    """Whether `value`, a number a phone can dial, has punctuation after it that would be
    shown with it (`0303-33 00 00,`: pasted from a list)."""
    return re.search(r"[,;.:/]\s*$", value) is not None


def web_problem(value: str) -> str | None:
    """Why the http(s) address `value` would not lead where it seems to, or None: a host
    name with other characters than letters, digits, '-' and '.' (`https://www.ale.se,`),
    or a ',' or ';' at its end, pasted from a list."""
    try:
        host, _ = urlsplit(value).hostname, urlsplit(value).port
    except ValueError:
        host = None
    outside = re.sub(rf"{_LABEL}|[.-]", "", host) if host else ""
    if outside and not any(character.isascii() for character in outside) and not re.search(r"[,;]$", value):
        return None  # only characters beyond ASCII (U+200D): `urls.host_problem` tells why, by IDNA 2008
    if not host or not re.fullmatch(rf"(?:{_LABEL}\.)*{_LABEL}\.?", host):
        return "has no host name a browser can go to (letters, digits, '-' and '.')"
    if re.search(r"[,;]$", value):
        return f"ends in {quoted(value[-1])}, which would be part of the address"
    return None


def web_in(value: str) -> str | None:
    """The web address in `value` (`Webb: www.ale.se` → `https://www.ale.se`,
    `<https://www.ale.se/jobb>.` → `https://www.ale.se/jobb`), or None when there is none
    or more than one."""
    found = _WEB_INSIDE.findall(value)
    if len(found) != 1:
        return None
    address = found[0].rstrip(".:!?")
    return address if re.match(r"https?://", address, re.IGNORECASE) else f"https://{address}"
