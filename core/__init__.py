"""nianbao core: the report format, values, checks, storage and exports (no Qt here)."""

from __future__ import annotations

APP_NAME = "nianbao"
APP_TITLE = "政府信息公开工作年度报告填报助手"
__version__ = "0.1.0"
