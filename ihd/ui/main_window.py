"""The window: a row of large page buttons, the pages, and a status line on every page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLayout,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from bridge.model import Money
from ihd.i18n import tr
from ihd.kiosk.lock import OperatorLock
from ihd.ui import theme
from ihd.ui.balance_page import BalancePage
from ihd.ui.credit_alert_banner import CreditAlertBanner
from ihd.ui.history_page import HistoryPage, LoadSeries
from ihd.ui.messages_page import Confirm, MessagesPage
from ihd.ui.now_page import NowPage
from ihd.ui.operator_pin_page import OperatorPinPage
from ihd.ui.page_stack import PageStack
from ihd.ui.settings_page import FindBridges, PairBridge, SettingsPage, StartDevice
from ihd.ui.state import DisplayState
from ihd.ui.status_words import state_words, status_words
from ihd.ui.tariff_page import TariffPage
from ihd.ui.topup_page import SendTopUp, TopUpPage
from ihd.ui.widgets import Card, keyboard_focus_only, label

# Steps down from the theme's type size until every page fits a small screen.
FIT_FACTORS = (1.0, 0.92, 0.85, 0.78, 0.72, 0.66, 0.6)
# Large text stays at least this much larger than the standard theme's on the same screen;
# where it then does not fit, pages scroll. (Shrunk to fit, "large" on a 1024x600 kiosk
# came out the size of standard text: no help to the person who chose it.)
LARGE_TEXT_GAIN = 1.15
SCROLL_BAR_PX = 16  # a page measured as if its scroll bar showed: it then never needs it
PAGES = ["now", "history", "tariff", "balance", "topup", "messages", "settings"]


def clock_words(ahead: timedelta) -> str:
    """What to say when this computer's clock is `ahead` of the meter's (negative: behind)."""
    minutes = round(abs(ahead).total_seconds() / 60)
    amount = (tr("{hours} h {minutes} min").format(hours=minutes // 60, minutes=minutes % 60)
              if minutes >= 60 else tr("{minutes} min").format(minutes=minutes))
    text = (tr("⚠ This computer's clock is {amount} ahead of the meter's: the display uses "
               "the meter's time") if ahead > timedelta(0) else
            tr("⚠ This computer's clock is {amount} behind the meter's: the display uses "
               "the meter's time"))
    return text.format(amount=amount)


def titles() -> dict[str, str]:
    """Page names in the display's language (asked when the window is built)."""
    return {"now": tr("Now"), "history": tr("History"), "tariff": tr("Tariff"),
            "balance": tr("Balance"), "topup": tr("Top up"), "messages": tr("Messages"),
            "settings": tr("Settings")}


class MainWindow(QMainWindow):
    def __init__(self, state: DisplayState, *, send_top_up: SendTopUp, confirm: Confirm,
                 load_series: LoadSeries, choose_demo: Callable[[], None],
                 set_budget: Callable[[Money], None], find_bridges: FindBridges | None = None,
                 pair_bridge: PairBridge | None = None,
                 start_device: StartDevice | None = None,
                 sound: Callable[[], None] | None = None, alert_sound: bool = True,
                 theme_name: str = "standard",
                 now: Callable[[], datetime] | None = None) -> None:
        """`now`: the data's clock, which says what "today" is (the demo's is simulated)."""
        super().__init__()
        self.state = state
        self.setWindowTitle("OpenIHD")
        self._scale = 1.0
        self._theme = theme_name
        self._fit: tuple[int, int, int] | None = None
        self.lock: OperatorLock | None = None  # set on a kiosk: Settings needs the PIN
        self._may_close = True
        self._after_pin: Callable[[], None] | None = None
        self._apply_style()
        root = QWidget()
        layout = QVBoxLayout(root)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self._nav = nav = QHBoxLayout()
        nav.setContentsMargins(8, 8, 8, 4)
        self.stack = PageStack()
        self.pages: dict[str, QWidget] = {
            "now": NowPage(state),
            "history": (HistoryPage(state, load_series, now=now) if now is not None
                        else HistoryPage(state, load_series)),
            "tariff": TariffPage(state),
            "balance": BalancePage(state, go_top_up=lambda: self.show_page("topup")),
            "topup": TopUpPage(state, send_top_up),
            "messages": MessagesPage(state, confirm),
            "settings": SettingsPage(state, choose_demo=choose_demo, set_budget=set_budget,
                                     find_bridges=find_bridges, pair_bridge=pair_bridge,
                                     start_device=start_device),
        }
        self.titles = titles()
        self.nav_buttons: dict[str, QPushButton] = {}
        # No exclusive QButtonGroup: Qt lets Tab reach only the checked button of one,
        # and keyboard users must reach every page. show_page keeps one checked.
        for name in PAGES:
            button = QPushButton(self.titles[name])
            button.setObjectName("nav")
            button.setCheckable(True)
            button.setAccessibleName(tr("{page} page").format(page=self.titles[name]))
            button.clicked.connect(lambda _=False, n=name: self.show_page(n))
            nav.addWidget(button)
            self.nav_buttons[name] = button
            self.stack.add(self.pages[name])
        # Text size, contrast and language: for everyone, kiosk tenants too (no PIN), as
        # the people who most need to read the screen may not see it well.
        self.look_button = QPushButton("Aa")
        self.look_button.setObjectName("nav")
        self.look_button.setCheckable(True)
        self.look_button.setAccessibleName(tr("Text size, contrast and language"))
        self.look_button.clicked.connect(lambda: self.show_page("look"))
        nav.addWidget(self.look_button)
        self.look_page = QWidget()
        self._look_layout = QVBoxLayout(self.look_page)
        self._look_layout.setContentsMargins(16, 12, 16, 12)
        self._look_layout.addStretch(1)
        self.stack.add(self.look_page)
        self.pin_page: OperatorPinPage | None = None
        layout.addLayout(nav)
        self.credit_alert = CreditAlertBanner(
            state, sound=sound or (lambda: None), sound_enabled=alert_sound,
            go_top_up=lambda: self.show_page("topup"))
        layout.addWidget(self.credit_alert)
        layout.addWidget(self.stack, 1)
        self.history_warning = label("", name="warning", wrap=True)
        self.history_warning.hide()
        layout.addWidget(self.history_warning)
        self.status = label("", name="status")
        # However long the status grows, it never makes the window wider than the screen
        # (a long line pushed a 1024-pixel kiosk's window to 1284); the layout test then
        # finds any words it cuts off.
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status.setAccessibleName(tr("Status"))
        layout.addWidget(self.status)
        self.setCentralWidget(root)
        # No focus ring until the keyboard is used: the window itself holds the focus when
        # it opens (Qt would give it to the Now button, drawn with a dashed ring as if
        # a second page were chosen), and a tap or click does not leave a ring behind.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.show_page("now")
        state.changed.connect(self.refresh_status)
        state.aged.connect(self.refresh_status)  # the data's age and the meter's time move
        self.refresh_status()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        keyboard_focus_only(self)
        if self.focusWidget() is None:
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def fit_to(self, width: int, height: int, *, reserve_px: int = 0) -> None:
        """Size the window, with type as large as the theme asks but small enough that
        every page fits, with the credit alert showing, inside `height` less `reserve_px`
        (the kiosk's pixel-drift margin). Large text never goes below LARGE_TEXT_GAIN
        times the standard theme's size on this screen; pages scroll instead."""
        floor = 0.0
        if self._theme == "large":
            chosen, self._theme = self._theme, "standard"
            floor = self._fitting_scale(width, height, reserve_px) * LARGE_TEXT_GAIN
            self._theme = chosen
        self._fitting_scale(width, height, reserve_px, floor=floor)
        self._fit = (width, height, reserve_px)
        self.resize(width, height)

    def _fitting_scale(self, width: int, height: int, reserve_px: int, *,
                       floor: float = 0.0) -> float:
        """Step the type down until every page fits, or until the next step would make
        the effective size smaller than `floor`; return the effective size reached."""
        # A 1920x1080 screen (a PC, a large kiosk) uses its room: larger type.
        base = (1.3 if height >= 1000 and width >= 1800
                else 1.0 if height >= 760 and width >= 1200 else 0.72)
        for step, factor in enumerate(FIT_FACTORS):
            if step > 0 and base * factor * self._theme_scale() < floor:
                break  # the step before was the smallest large enough
            self._set_scale(base * factor)
            if self.needed_height(width) + reserve_px <= height:
                break
        return self.font_scale()

    def font_scale(self) -> float:
        """The type size in use, relative to the standard theme on a large screen."""
        return self._scale * self._theme_scale()

    def _theme_scale(self) -> float:
        """How much larger than standard the chosen theme draws its type."""
        return theme.THEMES.get(self._theme, theme.THEMES["standard"])[1]

    def needed_height(self, width: int | None = None) -> int:
        """The least height at which no page is squeezed, counting the alert banner."""
        self.ensurePolished()
        central = self.centralWidget()
        layout = central.layout() if central is not None else None
        if layout is not None:
            layout.activate()
        # The stack's own hint is a scroll area's (small): count its tallest page instead.
        need = (self.minimumSizeHint().height() - self.stack.minimumSizeHint().height()
                + self.stack.pages_height(None if width is None else width - SCROLL_BAR_PX))
        if self.credit_alert.isHidden():
            need += self.credit_alert.minimumSizeHint().height()
        return need

    def _set_scale(self, scale: float) -> None:
        self._scale = scale
        edge = 8 if scale >= 0.9 else 4  # every pixel counts on a 800x480 screen
        self._nav.setContentsMargins(edge, edge, edge, edge // 2)
        self._apply_style()
        # Room between things shrinks with the type on a small screen (a 7-inch kiosk
        # has no pixels for 18 px card margins round text set at 9 px).
        room = min(1.0, self.font_scale() / 0.8)
        for card in self.findChildren(Card):
            card.layout_.setContentsMargins(round(18 * room), round(12 * room),
                                            round(18 * room), round(14 * room))
        for page in self.pages.values():
            layout = page.layout()
            if layout is not None and page is not self.pages["settings"]:
                layout.setSpacing(round(12 * room))
                layout.setContentsMargins(round(16 * room), round(12 * room),
                                          round(16 * room), round(12 * room))
            for grid in page.findChildren(QGridLayout):
                grid.setSpacing(round(12 * room))
        for page in self.pages.values():
            if hasattr(page, "set_scale"):
                page.set_scale(self.font_scale())

    @property
    def theme_name(self) -> str:
        return self._theme

    def set_theme(self, name: str) -> None:
        self._theme = name
        if self._fit is not None:
            width, height, reserve = self._fit
            self.fit_to(width, height, reserve_px=reserve)
        else:
            self._apply_style()

    def _apply_style(self) -> None:
        self.setStyleSheet(theme.style(self._scale, self._theme))
        # What the style sheet cannot reach: the ambient field's colours and the chart.
        for page in getattr(self, "pages", {}).values():  # none yet on the first call
            if isinstance(page, NowPage):
                page.set_theme(self._theme)
            elif isinstance(page, HistoryPage):
                page.set_palette(*theme.chart_colours(self._theme))
        # Qt keeps the old size hints of widgets re-styled after they were laid out:
        # invalidate them so fit_to measures the new type size.
        for layout in self.findChildren(QLayout):  # nested ones too: each caches
            layout.invalidate()
        for widget in self.findChildren(QWidget):
            widget.updateGeometry()

    # -- kiosk --------------------------------------------------------------------------

    def enable_kiosk(self, lock: OperatorLock) -> None:
        """Settings and leaving need the operator PIN from now on."""
        self.lock = lock
        self._may_close = False
        self.pin_page = OperatorPinPage(lock)
        self.pin_page.accepted.connect(self._pin_accepted)
        self.pin_page.cancelled.connect(lambda: self.show_page("now"))
        self.stack.add(self.pin_page)

    def ask_operator(self, then: Callable[[], None]) -> None:
        """Run `then` once the operator PIN is given (at once if no kiosk lock)."""
        if self.lock is None or self.lock.unlocked or self.pin_page is None:
            then()
            return
        self._after_pin = then
        self.pin_page.reset()
        self.stack.bring_up(self.pin_page)
        for button in (*self.nav_buttons.values(), self.look_button):
            button.setChecked(False)
        self.pin_page.setFocus()

    def _pin_accepted(self) -> None:
        then, self._after_pin = self._after_pin, None
        if then is not None:
            then()

    def leave(self) -> None:
        """The operator leaves the kiosk: the window may close now."""
        self._may_close = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close:
            event.accept()
            return
        event.ignore()  # a kiosk is only left by the operator
        self.ask_operator(self.leave)

    # -- pages --------------------------------------------------------------------------

    def set_look_card(self, card: QWidget) -> None:
        """The card behind the "Aa" button (ihd.ui.display_card)."""
        self._look_layout.insertWidget(0, card)

    def show_page(self, name: str) -> None:
        if name == "settings" and self.lock is not None and not self.lock.unlocked:
            self.ask_operator(lambda: self.show_page("settings"))
            return
        if self.lock is not None and name != "settings":
            self.lock.lock()  # leaving Settings locks the kiosk again
        self.stack.bring_up(self.look_page if name == "look" else self.pages[name])
        for page, button in self.nav_buttons.items():
            button.setChecked(page == name)
        self.look_button.setChecked(name == "look")

    def current_page(self) -> str:
        current = self.stack.current()
        if current is self.pin_page:
            return "operator-pin"
        if current is self.look_page:
            return "look"
        return next(n for n, w in self.pages.items() if w is current)

    def refresh_status(self) -> None:
        state = self.state
        unread = state.unread_messages()
        messages = self.titles["messages"]
        self.nav_buttons["messages"].setText(f"{messages} ({unread})" if unread else messages)
        elec = state.electricity
        parts = [state.source_name or tr("No source chosen")]
        if state.status is not None:
            parts.append(state_words(state.status.state))
        if elec is not None and elec.is_stale(speed=state.speed):
            parts.append(tr("⚠ Not live: {age}").format(age=state.data_age_text()))
            style = f"background: {theme.WARNING_BG}; color: {theme.WARNING_TEXT};"
        else:
            parts.append(state.data_age_text())
            style = ""
        if self.status.styleSheet() != style:  # unchanged: no re-polish at every redraw
            self.status.setStyleSheet(style)
        if state.status is not None and (state.status.detail or state.status.code) \
                and not state.connected():
            parts.append(status_words(state.status))
        if state.zone_from == "computer":  # a guess, said until the zone is set
            parts.append(tr("Times: this computer's zone ({zone}) until set in Settings")
                         .format(zone=str(state.zone)))
        meter_now = state.meter_now()
        if meter_now is not None:
            parts.append(tr("Meter time {time}").format(time=f"{state.local(meter_now):%H:%M}"))
        disagreement = state.clock_disagreement()
        if disagreement is not None:
            parts.append(clock_words(disagreement))
        self.status.setText("  ·  ".join(parts))
        if state.history_error:
            self.history_warning.setText(f"⚠ {state.history_error}")
            self.history_warning.show()
        else:
            self.history_warning.hide()
