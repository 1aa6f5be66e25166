"""The window: a row of large page buttons, the pages, and a status line on every page."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bridge.model import Money
from ihd.ui import theme
from ihd.ui.balance_page import BalancePage
from ihd.ui.history_page import HistoryPage, LoadSeries
from ihd.ui.messages_page import Confirm, MessagesPage
from ihd.ui.now_page import NowPage
from ihd.ui.settings_page import FindBridges, PairBridge, SettingsPage, StartDevice
from ihd.ui.state import DisplayState
from ihd.ui.tariff_page import TariffPage
from ihd.ui.topup_page import SendTopUp, TopUpPage
from ihd.ui.widgets import label

PAGES = ["now", "history", "tariff", "balance", "topup", "messages", "settings"]
TITLES = {"now": "Now", "history": "History", "tariff": "Tariff", "balance": "Balance",
          "topup": "Top up", "messages": "Messages", "settings": "Settings"}


class MainWindow(QMainWindow):
    def __init__(self, state: DisplayState, *, send_top_up: SendTopUp, confirm: Confirm,
                 load_series: LoadSeries, choose_demo: Callable[[], None],
                 set_budget: Callable[[Money], None], find_bridges: FindBridges | None = None,
                 pair_bridge: PairBridge | None = None,
                 start_device: StartDevice | None = None) -> None:
        super().__init__()
        self.state = state
        self.setWindowTitle("OpenIHD")
        self._scale = 1.0
        self.setStyleSheet(theme.STYLE)
        root = QWidget()
        layout = QVBoxLayout(root)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        nav = QHBoxLayout()
        nav.setContentsMargins(8, 8, 8, 4)
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {
            "now": NowPage(state),
            "history": HistoryPage(state, load_series),
            "tariff": TariffPage(state),
            "balance": BalancePage(state),
            "topup": TopUpPage(state, send_top_up),
            "messages": MessagesPage(state, confirm),
            "settings": SettingsPage(state, choose_demo=choose_demo, set_budget=set_budget,
                                     find_bridges=find_bridges, pair_bridge=pair_bridge,
                                     start_device=start_device),
        }
        self.nav_buttons: dict[str, QPushButton] = {}
        group = QButtonGroup(self)
        for name in PAGES:
            button = QPushButton(TITLES[name])
            button.setObjectName("nav")
            button.setCheckable(True)
            button.setAccessibleName(f"{TITLES[name]} page")
            button.clicked.connect(lambda _=False, n=name: self.show_page(n))
            group.addButton(button)
            nav.addWidget(button)
            self.nav_buttons[name] = button
            self.stack.addWidget(self.pages[name])
        layout.addLayout(nav)
        layout.addWidget(self.stack, 1)
        self.history_warning = label("", name="warning", wrap=True)
        self.history_warning.hide()
        layout.addWidget(self.history_warning)
        self.status = label("", name="status")
        self.status.setAccessibleName("Status")
        layout.addWidget(self.status)
        self.setCentralWidget(root)
        self.show_page("now")
        state.changed.connect(self.refresh_status)
        self._tick = QTimer(self)
        self._tick.timeout.connect(self.refresh_status)  # the data's age keeps moving
        self._tick.start(1000)
        self.refresh_status()

    def fit_to(self, width: int, height: int) -> None:
        """Size the window, with smaller type on small screens so everything fits."""
        scale = 1.0 if height >= 760 and width >= 1200 else 0.72
        if scale != self._scale:
            self._scale = scale
            self.setStyleSheet(theme.style(scale))
            for page in self.pages.values():
                if hasattr(page, "set_scale"):
                    page.set_scale(scale)
        self.resize(width, height)

    def show_page(self, name: str) -> None:
        self.stack.setCurrentWidget(self.pages[name])
        self.nav_buttons[name].setChecked(True)

    def current_page(self) -> str:
        current = self.stack.currentWidget()
        return next(n for n, w in self.pages.items() if w is current)

    def refresh_status(self) -> None:
        state = self.state
        unread = state.unread_messages()
        self.nav_buttons["messages"].setText(f"Messages ({unread})" if unread else "Messages")
        elec = state.electricity
        parts = [state.source_name or "No source chosen"]
        if state.status is not None:
            parts.append(state.status.state.value.capitalize())
        if elec is not None and elec.is_stale(speed=state.speed):
            parts.append(f"⚠ Not live: {state.data_age_text()}")
            self.status.setStyleSheet(f"background: {theme.WARNING_BG}; "
                                      f"color: {theme.WARNING_TEXT};")
        else:
            parts.append(state.data_age_text())
            self.status.setStyleSheet("")
        if state.status is not None and state.status.detail and not state.connected():
            parts.append(state.status.detail)
        self.status.setText("  ·  ".join(parts))
        if state.history_error:
            self.history_warning.setText(f"⚠ {state.history_error}")
            self.history_warning.show()
        else:
            self.history_warning.hide()
