"""Why a harvest item failed, as a short code stored with it and a sentence a citizen can read."""

from datapackages.errors import (
    DecodeError,
    PackagingError,
    ReadError,
    SchemaMismatchError,
    ScreenBlockedError,
)
from harvesters.errors import (
    AddressRefusedError,
    HarvestError,
    SourceContentError,
    SourceNotFoundError,
    SourceTooLargeError,
    SourceUnavailableError,
    SourceWithdrawnError,
)

# Most specific first: the first class an error is an instance of gives its code.
CODES: tuple[tuple[type[Exception], str], ...] = (
    (SourceUnavailableError, "unavailable"),
    (SourceNotFoundError, "not-found"),
    (SourceWithdrawnError, "withdrawn"),
    (AddressRefusedError, "address-refused"),
    (SourceTooLargeError, "too-large"),
    (SourceContentError, "bad-content"),
    (HarvestError, "source-error"),
    (DecodeError, "decode"),
    (ReadError, "unreadable"),
    (SchemaMismatchError, "schema"),
    (ScreenBlockedError, "screen-blocked"),
    (PackagingError, "packaging"),
)
PLAIN_WORDS = {
    "unavailable": "数据来源暂时无法访问（连接失败、超时或来源服务器出错），已多次重试。",
    "not-found": "在数据来源处找不到该数据（地址、文件或数据表不存在）。",
    "withdrawn": "来源平台已删除或撤回该数据集；本平台暂时保留最后发布的版本。",
    "address-refused": "数据来源地址指向内部网络，目录未允许访问。",
    "too-large": "数据超过了目录规定的大小上限。",
    "bad-content": "数据来源返回的不是数据文件（可能是登录页或错误页）。",
    "source-error": "读取数据来源时出错。",
    "decode": "数据文件的文字编码无法识别。",
    "unreadable": "数据文件不是可以读取的表格。",
    "schema": "数据来源的字段与目录登记的信息项不一致。",
    "screen-blocked": "保密审查发现了个人信息，本次未发布。",
    "packaging": "数据打包时出错。",
    "index": "数据已发布，但目录索引更新失败。",
    "internal": "平台内部错误，已记录，请联系运维人员。",
}
STATUS_WORDS = {"published": "已发布新版本", "unchanged": "无变化", "failed": "失败"}


def reason_code(error: Exception) -> str:
    return next((code for cls, code in CODES if isinstance(error, cls)), "internal")


def plain_words(code: str) -> str:
    return PLAIN_WORDS.get(code, "") if code else ""
