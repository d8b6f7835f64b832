# ruff: noqa: E501  (the Chinese keys are whole sentences)
"""English text for every Chinese message of the pages (the Chinese text is the key)."""

MESSAGES: dict[str, str] = {
    # site frame
    "黑龙江省公共数据开放平台": "Heilongjiang Public Data Portal",
    "跳到正文": "Skip to content",
    "主导航": "Main navigation",
    "数据集": "Datasets",
    "领域": "Areas",
    "部门": "Departments",
    "开放目录": "Open data directory",
    "公众参与": "Participate",
    "开发者 API": "Developer API",
    "数据由各部门依据《政务数据共享开放目录》发布": (
        "Data published by the departments under the government data sharing and opening directory"
    ),
    "开发者接口兼容 CKAN Action API v3": "The developer API is compatible with CKAN Action API v3",
    "位置": "Breadcrumb",
    "首页": "Home",
    "分页": "Pages",
    "上一页": "Previous",
    "下一页": "Next",
    # search
    "搜索数据集": "Search datasets",
    "输入关键词，如：医院、行政许可、公交": "Keywords, e.g. hospital, licence, bus",
    "搜索": "Search",
    "更新于 %(day)s": "updated %(day)s",
    "筛选": "Filters",
    "找到 %(n)s 个数据集": "%(n)s datasets found",
    "（关键词：%(q)s）": " (keywords: %(q)s)",
    "取消筛选 %(value)s": "Remove filter %(value)s",
    "排序：": "Sort by:",
    "没有找到相关数据集。可以试试：": "No datasets found. You could try:",
    "更短或更常用的关键词，如“医院”“许可”“公交”": (
        "shorter or more common keywords, such as 医院 (hospital), 许可 (licence), 公交 (bus)"
    ),
    "去掉全部筛选条件": "removing all filters",
    "在开放目录中查看尚未开放的数据": "looking for data not yet open in the directory",
    "申请开放您需要的数据": "asking for the data you need to be opened",
    "标签": "Tags",
    "格式": "Formats",
    "相关度": "Relevance",
    "名称": "Name",
    "下载量": "Downloads",
    # home
    "政务数据以开放为常态、不开放为例外。已开放 %(total)s 个数据集。": (
        "Government data is open by default and closed only by exception. "
        "%(total)s datasets are open."
    ),
    "重点领域": "Priority areas",
    "%(n)s 个数据集": "%(n)s datasets",
    "其他领域": "Other areas",
    "数据提供部门": "Data providers",
    "最近更新": "Recently updated",
    "下载最多": "Most downloaded",
    "暂无下载记录。": "No downloads yet.",
    # dataset page
    "这份数据由%(department)s提供，共 %(rows)s 条记录，每条记录有 %(fields)s 项信息（%(names)s）。": (
        "This data comes from %(department)s: %(rows)s records, each with %(fields)s items "
        "(%(names)s)."
    ),
    "提供部门": "Department",
    "所属领域": "Area",
    "（第 %(v)s 版）": " (version %(v)s)",
    "下次更新": "Next update due",
    "更新周期": "Update frequency",
    "许可协议": "Licence",
    "数据量": "Size",
    "%(rows)s 行 × %(cols)s 列": "%(rows)s rows × %(cols)s columns",
    "质量评分": "Quality score",
    "开放属性": "Openness",
    "首次发布": "First published",
    "资源代码": "Resource code",
    "下载次数": "Downloads",
    "开放条件": "Conditions of access",
    "本数据集为有条件开放数据，需向提供部门申请，获批后方可下载和调用。": (
        "This dataset is open on conditions: apply to the department; once approved you can "
        "download it and use its API."
    ),
    "下载": "Download",
    "CSV 表格": "CSV table",
    "（UTF-8，可直接用 Excel 打开）": " (UTF-8, opens directly in Excel)",
    "Excel 工作簿（XLSX）": "Excel workbook (XLSX)",
    "（字段与记录）": " (fields and records)",
    "完整数据包 ZIP": "Complete data package ZIP",
    "（数据、描述与校验报告）": " (data, description and validation report)",
    "（数据包描述，Frictionless 标准）": " (package description, Frictionless standard)",
    "各%(field)s的记录数": "Records per %(field)s",
    "%(measure)s按月平均值（%(field)s）": "Monthly average of %(measure)s (%(field)s)",
    "图表": "Chart",
    "以表格查看图表数据": "Show the chart's data as a table",
    "记录数": "Records",
    "数据预览": "Data preview",
    "查找": "Find",
    "筛选列": "Filter column",
    "（不筛选）": "(no filter)",
    "等于": "equals",
    "应用": "Apply",
    "清除": "Clear",
    "筛选值与该列的类型不符，已显示全部数据。": (
        "The filter value does not fit that column's type; showing all rows."
    ),
    "第 %(first)s–%(last)s 行，共 %(total)s 行": "Rows %(first)s–%(last)s of %(total)s",
    "没有符合条件的行。": "No rows match.",
    "（点击排序）": " (select to sort)",
    "数据预览分页": "Preview pages",
    "数据项": "Fields",
    "字段名": "Field name",
    "中文名称": "Title",
    "类型": "Type",
    "说明": "Notes",
    "（唯一标识）": " (unique key)",
    "（已脱敏）": " (masked)",
    "数据质量": "Data quality",
    "标准校验（Frictionless）通过": "Standard validation (Frictionless) passed",
    "标准校验（Frictionless）发现 %(n)s 处错误": "Standard validation (Frictionless) found %(n)s errors",
    "完整度 %(pct)s%%": "completeness %(pct)s%%",
    "（扣 %(n)s 分）": " (−%(n)s points)",
    "保密审查": "Confidentiality review",
    "发布前已逐行检查 %(n)s 行的全部发布字段。检查项：居民身份证号码（含 15 位旧版）、手机号码、银行卡号、电子邮箱地址，以及与上述信息同表出现的姓名。": (
        "Every published field of all %(n)s rows was checked before publication for resident ID "
        "numbers (including old 15-digit ones), mobile numbers, bank card numbers, e-mail "
        "addresses, and names appearing next to them."
    ),
    "按本数据集的脱敏策略，以下字段中发现的个人信息已在发布前脱敏：": (
        "Under this dataset's masking policy, personal data found in these fields was masked "
        "before publication: "
    ),
    "未发现未经声明的个人信息。": "No undeclared personal data was found.",
    "脱敏发布的字段：": "Fields published masked: ",
    "部门声明为公开联系方式的字段：": "Fields the department declared as public contact details: ",
    "源文件中未在目录声明、因而未发布的列：": (
        "Source columns not declared in the directory, hence not published: "
    ),
    "。": ".",
    "按目录规定不予发布的字段：": "Fields withheld under the directory: ",
    "版本历史": "Version history",
    "版本": "Version",
    "发布时间": "Published",
    "行数": "Rows",
    "变化": "Changes",
    "第 %(v)s 版": "Version %(v)s",
    "（当前）": " (current)",
    "与第 %(v)s 版比较": "Compare with version %(v)s",
    "开发者接口": "API",
    "复制下面的命令或代码即可获取本数据集。": "Copy a command or snippet below to fetch this dataset.",
    "元数据（DCAT）：": "Metadata (DCAT): ",
    "是": "yes",
    "否": "no",
    # version changes
    "版本变化": "Changes between versions",
    "第 %(old)s 版到第 %(new)s 版的变化": "Changes from version %(old)s to version %(new)s",
    "只有一个版本，没有可比较的变化。": "There is only one version: nothing to compare.",
    "新增行": "Rows added",
    "删除行": "Rows removed",
    "修改行": "Rows changed",
    "按唯一标识（%(key)s）比对各行。": "Rows matched by their unique key (%(key)s).",
    "没有共同的唯一标识，按整行内容比对：修改过的行计为一行删除、一行新增。": (
        "No shared unique key: rows are matched by their whole content, so a changed row counts "
        "as one removed and one added."
    ),
    "新增行示例": "Examples of added rows",
    "删除行示例": "Examples of removed rows",
    "修改行示例": "Examples of changed rows",
    "结构变化": "Schema changes",
    "字段没有变化。": "The fields did not change.",
    "新增字段": "Field added",
    "删除字段": "Field removed",
    "字段类型改变": "Field type changed",
    "返回数据集": "Back to the dataset",
    # directory
    "政务数据共享开放目录": "Government data sharing and opening directory",
    "目录共 %(total)s 项：无条件开放 %(open)s 项，有条件开放 %(conditional)s 项，不予开放 %(closed)s 项。不予开放的目录项列出原因，其数据不会发布。": (
        "The directory has %(total)s entries: %(open)s open, %(conditional)s open on conditions, "
        "%(closed)s closed. Closed entries give their reason and their data is never published."
    ),
    "资源名称": "Resource",
    "尚未发布": "Not yet published",
    "无条件开放": "Open",
    "有条件开放": "Open on conditions",
    "不予开放": "Closed",
    "实时": "Real time",
    "每日": "Daily",
    "每周": "Weekly",
    "每月": "Monthly",
    "每季度": "Quarterly",
    "每半年": "Half-yearly",
    "每年": "Yearly",
    "不定期": "Irregular",
    "文本": "Text",
    "整数": "Integer",
    "数值": "Number",
    "日期": "Date",
    "日期时间": "Date and time",
    "是/否": "Yes/no",
    "年份": "Year",
    # errors
    "请求有误": "Bad request",
    "该数据暂不公开": "This data is not public",
    "页面不存在": "Page not found",
    "不支持的请求方法": "Method not allowed",
    "请求参数有误": "Invalid parameter",
    "服务器内部错误": "Internal server error",
    "出错了": "Something went wrong",
    "错误代码 %(status)s。": "Error code %(status)s. ",
    "返回首页": "Back to the home page",
    # feedback
    "我要纠错": "Report an error",
    "发现数据有误或缺失？告诉提供部门。留言将公开编号，部门须在 %(n)s 个工作日内答复。请勿填写个人信息。": (
        "Found wrong or missing data? Tell the department. Your message gets a public number "
        "and the department must reply within %(n)s working days. Do not enter personal data."
    ),
    "标题": "Subject",
    "内容": "Message",
    "哪里有误？正确的应是什么？": "What is wrong, and what should it be?",
    "提交纠错": "Send the report",
    "纠错": "Error report",
    "数据申请": "Data request",
    "待分派": "To be assigned",
    "提交日期": "Submitted",
    "答复期限": "Reply due",
    "（%(n)s 个工作日）": " (%(n)s working days)",
    "状态": "Status",
    "已超期": "Overdue",
    "留言内容": "Message",
    "部门答复": "Department's answer",
    "答复日期": "Answered",
    "部门尚未答复。": "The department has not answered yet.",
    "已受理": "Received",
    "已答复": "Answered",
    "已解决": "Resolved",
    "纠错与数据开放申请都会公开编号。部门须在 %(n)s 个工作日内答复，超期未答复的标为“已超期”。": (
        "Error reports and data requests are published with a number. Departments must reply "
        "within %(n)s working days; items without a reply by then are marked overdue."
    ),
    "申请开放数据": "Request data",
    "要纠正某个数据集，请在该数据集页面底部填写“我要纠错”。": (
        "To correct a dataset, use “Report an error” at the bottom of its page."
    ),
    "共 %(n)s 条留言": "%(n)s items",
    "留言列表": "Feedback items",
    "编号": "Number",
    "还没有留言。": "No feedback yet.",
    "需要的数据还没有开放？说明您需要什么数据、用于什么目的。留言将公开编号，部门须在 %(n)s 个工作日内答复。请勿填写个人信息。": (
        "Is the data you need not open yet? Say what data you need and what for. Your request "
        "gets a public number and the department must reply within %(n)s working days. "
        "Do not enter personal data."
    ),
    "需要的数据": "Data needed",
    "可能的提供部门（可不选）": "Likely department (optional)",
    "不确定": "Not sure",
    "说明与用途": "Details and purpose",
    "提交申请": "Send the request",
    "提交过于频繁，请稍后再试": "Too many submissions: please try again later",
    "至少需要 %(n)s 个字": "needs at least %(n)s characters",
    "不能超过 %(n)s 个字": "may not exceed %(n)s characters",
    "含有不可见的控制字符": "contains invisible control characters",
    "提交内容过长": "the submission is too long",
    "表单已过期或来源不明，请刷新页面后重新提交": (
        "The form has expired or came from elsewhere: reload the page and send it again"
    ),
    # conditional datasets
    "申请使用本数据集": "Apply to use this dataset",
    "申请已提交，编号 %(n)s。提供部门审核通过后，会通过您留下的联系方式发给您访问令牌；凭令牌可下载本数据集。": (
        "Application %(n)s has been sent. Once the department approves it, it sends an access "
        "token to the contact you gave; the token unlocks this dataset's downloads."
    ),
    "申请人（单位或个人名称及联系方式）": "Applicant (organisation or person, and how to reach you)",
    "用途": "Purpose",
    "没有这个有条件开放的数据集": "There is no such dataset open on conditions",
}
