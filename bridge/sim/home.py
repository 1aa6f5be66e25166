"""The virtual GB home: an electricity meter (ESME) and a comms hub with a gas proxy.

Nodes and endpoints (discovered by the client, never assumed):
- ESME, endpoint 1 (SE Metering Device 0x0501): Basic, Calendar (the time-of-use
  calendar and a prepayment meter's friendly-credit calendar, bridge.sim.calendar_server
  and bridge.sim.friendly_credit), Metering (electricity, import and export), Price
  (time-of-use), Prepayment (with the friendly-credit attributes), Messaging.
- Comms hub, endpoint 1 (ESI 0x0500): Basic, Time (UTC and the home's zone rules,
  bridge.sim.hub_time), Price (gas, with calorific value and
  conversion factor), Messaging; endpoint 0x7B (0x0501): the gas proxy's mirror of the
  battery gas meter, Metering with device type "mirrored gas", updated every half hour.
  (A public GBCS hub emulator uses 0x7B to catch displays that hard-code endpoint 1.)

Every tick of simulated time integrates the household's power into the registers, charges
the prepayment account, and sends the attribute reports the display configured.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import struct
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import zigpy.zcl.foundation as foundation

from bridge.se.calendar import Calendar
from bridge.se.clusters import (
    CreditStatus,
    OriginatingDevice,
    PrepaymentAlarmStatus,
    TopUpResultType,
)
from bridge.se.vocabulary import (
    Basic,
    DeviceManagement,
    Messaging,
    Metering,
    Prepayment,
    Price,
    Time,
    attributes,
)
from bridge.sim.calendar_server import CalendarServer
from bridge.sim.clock import SimClock
from bridge.sim.credit import MONTHLY_PAYMENT_PENCE, CreditBilling
from bridge.sim.friendly_credit import FriendlyHours, FriendlyPhase
from bridge.sim.household import LOCAL, HouseholdProfile, electricity_kw, gas_kw, integrate
from bridge.sim.hub_time import time_attributes
from bridge.sim.meters import (
    TARIFFS,
    EmergencyCredit,
    PrepaymentAccount,
    RegisterPair,
    TouTariff,
    gb_gas_tariff,
)
from bridge.sim.node import EmulatedEndpoint, EmulatedNode, ServerCluster
from bridge.sim.radio import VirtualAir

log = logging.getLogger(__name__)

UTC_EPOCH_2000 = datetime(2000, 1, 1, tzinfo=UTC)
PAYMENT_MODES = ("prepayment", "credit")
SUPPLIER_ID = 0x0000ABCD
SUPPLIER_NAME = b"OpenIHD Energy"  # Provider Name: 16 octets at most
SUPPLIER_CONTACT = b"0800 000 0123"  # Provider Contact Details: 19 octets at most
_BILLING_PERIOD = Price.ServerCommandDefs.get_billing_period.id
_BLOCK_PERIOD = Price.ServerCommandDefs.get_block_period.id
_BLOCK_THRESHOLDS = Price.ServerCommandDefs.get_block_thresholds.id
_CREDIT_PAYMENT = Price.ServerCommandDefs.get_credit_payment.id
_CONSOLIDATED_BILL = Price.ServerCommandDefs.get_consolidated_bill.id
REGISTER_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
GBP_NUMERIC = 826
ESME_DEVICE_TYPE = 0x0501  # SE Metering Device
ESI_DEVICE_TYPE = 0x0500  # SE Energy Service Interface (the comms hub)
GAS_MIRROR_ENDPOINT = 0x7B
PROVIDER_ID = 0x0000_1A2B
TICK_S = 10  # the ESME's demand update period
# Where in the update period each home's meter reports: a fraction of TICK_S stepped by
# the golden ratio per home, so any number of homes spread evenly and a home always has
# the same phase. Real comms hubs report on their own schedules (each ESME's period runs
# from its own power-up and clock), so a block of flats never reports in one instant.
_PHASE_STEP = 0.6180339887498949


def node_addresses(index: int) -> tuple[str, str]:
    """The IEEE addresses of home `index`'s electricity meter and comms hub."""
    idx = index & 0xFFFF
    return (f"00:0d:6f:00:0b:{idx >> 8:02x}:{idx & 0xFF:02x}:01",
            f"00:0d:6f:00:0c:{idx >> 8:02x}:{idx & 0xFF:02x}:02")


def report_phase(index: int) -> float:
    """The fraction of the update period by which home `index` reports after home 0."""
    return (index * _PHASE_STEP) % 1.0
GAS_PERIOD_S = 1800  # the battery gas meter wakes every half hour
# m³ of gas per kWh of heat input, at a calorific value of 39.5 MJ/m³ and VCF 1.02264.
GAS_M3_PER_KWH = 3.6 / (39.5 * 1.02264)

SUPPLIER_MESSAGES: tuple[tuple[str, int, bool], ...] = (
    # text, importance (0 low .. 3 critical), confirmation required
    ("Welcome to your smart meter display. Tap a page to see more.", 0, False),
    ("Your tariff's peak rate applies 4pm-7pm on weekdays and weekends.", 1, False),
    ("Planned maintenance on 3 Dec, 1am-3am: readings may pause.", 1, True),
    ("You have a debt repayment plan of 1.50 a day. Call us to change it.", 2, True),
    ("Your gas safety check is due. Please call to book.", 2, True),
    ("Save money: run the washing machine after 7pm or overnight.", 0, False),
)


_ACCEPTED = frozenset(r for name, r in TopUpResultType.__members__.items()
                      if name.startswith("Accepted"))

# PublishPrice's fields after Price: 19 octets in all (1+4+1+4+1+1+1+1+1+1+1+1+1).
_GB_MEANINGLESS_FIELDS = (
    "price_ratio", "generation_price", "generation_price_ratio", "alternate_cost_delivered",
    "alternate_cost_unit", "alternate_cost_trailing_digit", "number_of_block_thresholds",
    "price_control", "number_of_generation_tiers", "generation_tier",
    "extended_number_of_price_tiers", "extended_price_tier", "extended_register_tier")


def utc_seconds(at: datetime) -> int:
    return int((at - UTC_EPOCH_2000).total_seconds())


@dataclass
class _Message:
    message_id: int
    text: str
    importance: int
    confirm: bool
    start: datetime
    confirmed_at: datetime | None = None


@dataclass
class SimHomeState:
    """What a test or demo may want to look at directly (the truth behind the wire)."""

    electricity: RegisterPair
    gas_litres: RegisterPair
    demand_w: int = 0
    messages: list[_Message] = field(default_factory=list)


class SimHome:
    """One simulated household on a virtual air."""

    def __init__(self, air: VirtualAir, clock: SimClock, *, seed: int = 1, index: int = 0,
                 solar: bool | None = None, payment: str = "prepayment",
                 tariff: str = "tou") -> None:
        """`payment`: "prepayment" (top up by code) or "credit" (billed monthly);
        `tariff`: "tou" (time-of-use bands), "block" (one rate in two daily blocks) or
        "tou-block" (the bands, dearer above the daily block threshold)."""
        if payment not in PAYMENT_MODES:
            raise ValueError(f"payment must be one of {', '.join(PAYMENT_MODES)}")
        if tariff not in TARIFFS:
            raise ValueError(f"tariff must be one of {', '.join(TARIFFS)}")
        self.air = air
        self.payment = payment
        self.clock = clock
        self.seed = seed
        self.phase = report_phase(index)
        self.profile = HouseholdProfile.from_seed(seed, solar=solar)
        self.rng = random.Random(seed)
        self.tariff: TouTariff = TARIFFS[tariff]()
        self.gas_tariff: TouTariff = gb_gas_tariff()
        idx = index & 0xFFFF
        self.esme_eui64, self.hub_eui64 = node_addresses(index)
        self.account = PrepaymentAccount(meter_eui64=self.esme_eui64)
        self.billing = (CreditBilling.start(clock.now(), random.Random(seed * 7919))
                        if payment == "credit" else None)
        # A prepayment meter's friendly-credit hours; a credit meter never cuts off.
        self.friendly = FriendlyHours(LOCAL) if self.billing is None else None
        self._friendly_phase: FriendlyPhase | None = None
        # Registers grow with the calendar (about 0.3 kW and 1.2 kW of gas on average since
        # 2024), so a demo restarted later never shows a register going backwards.
        hours = max(0.0, (clock.now() - REGISTER_EPOCH).total_seconds() / 3600)
        self.state = SimHomeState(
            electricity=RegisterPair(delivered_wh=self.rng.randint(4_000_000, 30_000_000)
                                     + int(hours * 300)),
            gas_litres=RegisterPair(delivered_wh=self.rng.randint(1_000_000, 9_000_000)
                                    + int(hours * 1.2 * GAS_M3_PER_KWH * 1000)))
        self._last_tick = clock.now()
        self._last_gas_wake = self._last_tick
        self._band = self.tariff.band_at(self._last_tick)
        self._price = 0  # the price of the next kWh, as last published (set below)
        self._next_message_at = self._last_tick + timedelta(seconds=60)
        self._message_counter = 0
        self._issuer_event_id = 1000  # tenancy, calendar: one more per event
        self._tariff_version = 0  # bumped by a price change: newer events, larger ids
        self._snapshot_id = 0
        self._next_supplier: tuple[int, bytes, bytes, datetime] | None = None
        # The day so far counts from local midnight, not from the simulation's start (the
        # day's blocks and "today" begin then): the household's use since midnight.
        midnight = self._last_tick.astimezone(LOCAL).replace(hour=0, minute=0, second=0,
                                                               microsecond=0)
        since_midnight, _ = integrate(electricity_kw, self.profile, midnight, self._last_tick,
                                      step_s=60)
        self._day_start_wh = (self._local_day(self._last_tick),
                              self.state.electricity.delivered_wh - round(since_midnight * 1000))
        self._previous_day_wh = 0
        self._task: asyncio.Task[None] | None = None
        self.esme = self._build_esme(nwk=0x3A71 + 2 * idx)
        self.hub = self._build_hub(nwk=0x796F + 2 * idx)
        self.state.demand_w = round(electricity_kw(self.profile, self._last_tick) * 1000)
        self._price = self.tariff.price_at(self._last_tick, self._used_today_kwh())
        self._refresh_attributes(self._last_tick)

    # -- nodes ----------------------------------------------------------------------

    def _build_esme(self, nwk: int) -> EmulatedNode:
        basic = ServerCluster(Basic.cluster_id, attributes(
            Basic, zcl_version=3, manufacturer="OpenIHD", model="Sim ESME", power_source=0x01))
        metering = ServerCluster(Metering.cluster_id, attributes(
            Metering,
            unit_of_measure=0x00,  # kWh
            multiplier=1,
            divisor=1000,  # registers count Wh
            summation_formatting=0x2B,  # 5 digits left, 3 right
            demand_formatting=0x23,  # 4 left, 3 right
            historical_consumption_formatting=0x2B,
            metering_device_type=0x00,  # electricity
            supply_status=0x02,  # supply on
            status=0x00,
            meter_serial_number=b"Z18N000123",
        ))
        price = ServerCluster(Price.cluster_id, on_command=self._on_price_command)
        prepayment = ServerCluster(Prepayment.cluster_id,
                                   on_command=self._on_prepayment_command)
        messaging = ServerCluster(Messaging.cluster_id, on_command=self._on_messaging_command)
        metering.on_command = self._on_metering_command
        self._fill_price_attributes(price, self.tariff, commodity=0)
        self.calendar = CalendarServer(self.tariff, provider_id=PROVIDER_ID,
                                       issuer_event_id=self._issuer_event_id,
                                       now=self.clock.now, friendly=self.friendly)
        calendar = ServerCluster(Calendar.cluster_id, on_command=self.calendar.on_command)
        ep = EmulatedEndpoint(1, ESME_DEVICE_TYPE, {
            Basic.cluster_id: basic, Metering.cluster_id: metering, Price.cluster_id: price,
            Prepayment.cluster_id: prepayment, Messaging.cluster_id: messaging,
            Calendar.cluster_id: calendar})
        return EmulatedNode(self.air, ieee=self.esme_eui64, nwk=nwk, manufacturer="OpenIHD",
                            model="Sim ESME", endpoints=[ep])

    def _build_hub(self, nwk: int) -> EmulatedNode:
        basic = ServerCluster(Basic.cluster_id, attributes(
            Basic, zcl_version=3, manufacturer="OpenIHD", model="Sim Comms Hub",
            power_source=0x01))
        time_cluster = ServerCluster(Time.cluster_id, time_attributes(self.clock.now(), LOCAL))
        time_cluster.before_read = lambda: time_cluster.attributes.update(
            time_attributes(self.clock.now(), LOCAL))
        gas_price = ServerCluster(Price.cluster_id, on_command=self._on_price_command)
        self._fill_price_attributes(gas_price, self.gas_tariff, commodity=1)
        gas_price.attributes.update(attributes(
            Price,
            conversion_factor=102264, conversion_factor_trailing_digit=0x50,  # 1.02264
            calorific_value=395, calorific_value_unit=0x01,  # 39.5 MJ/m³
            calorific_value_trailing_digit=0x10))
        hub_messaging = ServerCluster(Messaging.cluster_id,
                                      on_command=self._on_messaging_command)
        # The comms hub (ESI) publishes change of tenancy to the home's devices.
        device_management = ServerCluster(DeviceManagement.cluster_id, attributes(
            DeviceManagement, provider_id=SUPPLIER_ID, provider_name=SUPPLIER_NAME,
            provider_contact_details=SUPPLIER_CONTACT),
            on_command=self._on_device_management_command)
        esi = EmulatedEndpoint(1, ESI_DEVICE_TYPE, {
            Basic.cluster_id: basic, Time.cluster_id: time_cluster,
            Price.cluster_id: gas_price, Messaging.cluster_id: hub_messaging,
            DeviceManagement.cluster_id: device_management})
        mirror = ServerCluster(Metering.cluster_id, attributes(
            Metering,
            unit_of_measure=0x01,  # m³
            multiplier=1,
            divisor=1000,  # registers count litres
            summation_formatting=0x2B,
            historical_consumption_formatting=0x2B,
            metering_device_type=0x80,  # mirrored gas meter
            status=0x00,
            meter_serial_number=b"G4K00045678",
        ), on_command=self._on_metering_command)
        gas_ep = EmulatedEndpoint(GAS_MIRROR_ENDPOINT, ESME_DEVICE_TYPE,
                                  {Metering.cluster_id: mirror})
        return EmulatedNode(self.air, ieee=self.hub_eui64, nwk=nwk, manufacturer="OpenIHD",
                            model="Sim Comms Hub", endpoints=[esi, gas_ep])

    def _fill_price_attributes(self, cluster: ServerCluster, tariff: TouTariff,
                               commodity: int) -> None:
        tiers = tariff.tiers()
        cluster.attributes.update(attributes(
            Price,
            commodity_type=commodity,
            standing_charge=tariff.standing_charge_milli_pence_per_day,
            tariff_label=tariff.label.encode(),
            number_of_price_tiers_in_use=len(tiers),
            unit_of_measure=0x00,  # prices are per kWh, gas included (GB)
            currency=GBP_NUMERIC,
            price_trailing_digit=0x50,  # five digits after the point, in pounds
        ))
        for tier, band in tiers.items():
            cluster.attributes.update(attributes(Price, {
                f"tier{tier}_price_label": band.label.encode(),
                f"tier{tier}_block1_price": band.price_milli_pence}))
        if tariff.block_threshold_kwh is not None:
            self._fill_block_attributes(cluster, tariff)

    def _fill_block_attributes(self, cluster: ServerCluster, tariff: TouTariff) -> None:
        """Block pricing: one threshold a day (in the meter's Wh, threshold multiplier and
        divisor 1), the block period from local midnight, each block's price."""
        assert tariff.block_threshold_kwh is not None
        tiers = tariff.tiers()
        midnight = self.clock.now().astimezone(LOCAL).replace(hour=0, minute=0, second=0,
                                                               microsecond=0)
        cluster.attributes.update(attributes(
            Price, block1_threshold=tariff.block_threshold_kwh * 1000,
            block_threshold_count=1, threshold_multiplier=1, threshold_divisor=1,
            start_of_block_period=utc_seconds(midnight), block_period_duration=24 * 60,
            block_period_duration_type=0x00,  # minutes
            number_of_block_thresholds_in_use=1,
            # one tier: blocks alone; several: each tier has its blocks
            tier_block_mode=0x00 if len(tiers) == 1 else 0x01))
        for tier, band in tiers.items():
            block2 = band.price_milli_pence + tariff.block2_adder_milli_pence
            cluster.attributes.update(attributes(Price, {f"tier{tier}_block2_price": block2}))
            if len(tiers) == 1:
                cluster.attributes.update(attributes(
                    Price, no_tier_block1_price=band.price_milli_pence,
                    no_tier_block2_price=block2))

    # -- the simulation loop --------------------------------------------------------

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(),
                                                                name="sim-home")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def _tick_seconds(self) -> float:
        # At high demo speeds keep the real loop to about 20 ticks a second.
        return max(TICK_S, round(self.clock.speed * 0.05 / TICK_S) * TICK_S)

    async def _run(self) -> None:
        if self.phase:  # the home's own place in the period (home 0 reports first)
            await self.clock.sleep(self._tick_seconds() * self.phase)
            self._tick_now()
        while True:
            await self.clock.sleep(self._tick_seconds())
            self._tick_now()

    def _tick_now(self) -> None:
        try:
            self.tick(self.clock.now())
        except Exception:  # the home must keep running whatever a client did
            log.exception("simulated home tick failed")

    def tick(self, now: datetime) -> None:
        """Advance the home to `now` and send whatever is due."""
        start, self._last_tick = self._last_tick, now
        if now <= start:
            return
        self._advance_electricity(start, now)
        if (now - self._last_gas_wake).total_seconds() >= GAS_PERIOD_S:
            self._advance_gas(self._last_gas_wake, now)
            self._last_gas_wake = now
            self._send_due_reports(self.hub, GAS_MIRROR_ENDPOINT, Metering.cluster_id, now,
                                   force=True)
        self._refresh_attributes(now)
        self._send_due_reports(self.esme, 1, Metering.cluster_id, now)
        self._send_due_reports(self.esme, 1, Prepayment.cluster_id, now)
        band = self.tariff.band_at(now)
        price = self.tariff.price_at(now, self._used_today_kwh())
        if band != self._band or price != self._price:  # a new band, or a new block
            self._band, self._price = band, price
            self._publish_price_unsolicited(now)
        if now >= self._next_message_at:
            self._send_next_message(now)

    def _friendly_at(self, at: datetime) -> FriendlyPhase | None:
        """The friendly-credit phase at `at` (worked out again only when it has ended)."""
        if self.friendly is None:
            return None
        if self._friendly_phase is None or not self._friendly_phase.holds_at(at):
            self._friendly_phase = self.friendly.phase(at)
        return self._friendly_phase

    def _advance_electricity(self, start: datetime, end: datetime) -> None:
        phase = self._friendly_at(start)
        self.account.friendly_now = phase is not None and phase.on
        imported, exported = integrate(electricity_kw, self.profile, start, end)
        if not self.account.supply_on:
            imported = 0.0  # the meter's contactor is open: no import
        add_in, _ = self.state.electricity.add(imported, exported)
        # Charge in slices so a band change inside a long tick is priced correctly.
        used_today = (self.state.electricity.delivered_wh - add_in - self._day_start_wh[1]) / 1000
        price = self.tariff.price_at(start, used_today)
        seconds = (end - start).total_seconds()
        standing = int(self.tariff.standing_charge_milli_pence_per_day * seconds / 86400)
        if self.billing is not None:  # a credit meter bills; nothing is taken off credit
            self.billing.roll(end)
            self.billing.electricity_milli_pence += add_in * price // 1000 + standing
        else:
            self.account.charge(add_in * price // 1000)
            self.account.charge(standing)
        before = self._local_day(start)
        if self._local_day(end) != before:
            self.account.recover_debt(self.account.debt_recovery_pence_per_day)
            self._previous_day_wh = (self.state.electricity.delivered_wh
                                     - self._day_start_wh[1])
            self._day_start_wh = (self._local_day(end), self.state.electricity.delivered_wh)
        kw = electricity_kw(self.profile, end) if self.account.supply_on else 0.0
        self.state.demand_w = round(kw * 1000)

    def _advance_gas(self, start: datetime, end: datetime) -> None:
        kwh, _ = integrate(gas_kw, self.profile, start, end, step_s=60)
        self.state.gas_litres.add(kwh * GAS_M3_PER_KWH, 0.0)
        if self.billing is not None:
            gas = self.gas_tariff
            days = (end - start).total_seconds() / 86400
            self.billing.gas_milli_pence += int(
                kwh * gas.bands[0].price_milli_pence * 1000
                + days * gas.standing_charge_milli_pence_per_day * 1000) // 1000

    def _used_today_kwh(self) -> float:
        return (self.state.electricity.delivered_wh - self._day_start_wh[1]) / 1000

    @staticmethod
    def _local_day(at: datetime) -> date:
        return at.astimezone(LOCAL).date()

    def _refresh_attributes(self, now: datetime) -> None:
        metering = self.esme.server(1, Metering.cluster_id).attributes
        metering.update(attributes(
            Metering,
            current_summ_delivered=self.state.electricity.delivered_wh,
            current_summ_received=self.state.electricity.received_wh,
            instantaneous_demand=self.state.demand_w,
            currentday_consumption_delivered=(self.state.electricity.delivered_wh
                                              - self._day_start_wh[1]),
            previousday_consumption_delivered=self._previous_day_wh,
            supply_status=0x02 if self.account.supply_on else 0x01))
        gas = self.hub.server(GAS_MIRROR_ENDPOINT, Metering.cluster_id).attributes
        gas.update(attributes(Metering, current_summ_delivered=self.state.gas_litres.delivered_wh))
        self.hub.server(1, Time.cluster_id).attributes.update(time_attributes(now, LOCAL))
        acct = self.account
        prepay = self.esme.server(1, Prepayment.cluster_id).attributes
        if self.billing is not None:
            metering.update(attributes(
                Metering,
                bill_to_date_delivered=self.billing.bill_pence,
                bill_to_date_time_stamp_delivered=utc_seconds(now),
                projected_bill_delivered=self.billing.projected_pence(now),
                projected_bill_time_stamp_delivered=utc_seconds(now),
                bill_delivered_trailing_digit=0x20))  # pence: two digits after the point
        prepay.update(attributes(
            Prepayment,
            # prepayment enabled (not in credit mode), credit display enabled, contactor
            payment_control_configuration=0x0092 if self.billing is None else 0x0090,
            credit_remaining=acct.credit_pence,
            emergency_credit_remaining=acct.emergency_remaining_pence,
            credit_status=int(acct.status()),
            credit_remaining_timestamp=utc_seconds(now),
            accumulated_debt=acct.debt_pence,
            emergency_credit_limit_allowance=acct.emergency_limit_pence,
            emergency_credit_threshold=acct.emergency_threshold_pence,
            total_credit_added=acct.total_added_pence,
            max_credit_limit=acct.max_credit_pence,
            max_credit_per_top_up=acct.max_top_up_pence,
            low_credit_warning=acct.low_credit_pence,
            debt_label_1=b"Arrears",
            debt_amount_1=acct.debt_pence,
            debt_recovery_method_1=0,  # time based
            debt_recovery_frequency_1=1,  # per day
            debt_recovery_amount_1=acct.debt_recovery_pence_per_day,
            currency_scaling_factor=0x04,  # 10^-2: values are pence
            currency=GBP_NUMERIC,
        ))
        for n, (at, code, value) in enumerate(acct.top_up_log, start=1):
            prepay.update(attributes(Prepayment, {
                f"top_up_date_time_{n}": utc_seconds(at),
                f"top_up_amount_{n}": value,
                f"originating_device_{n}": OriginatingDevice.InHomeDisplay,
                f"top_up_code_{n}": code.encode()}))
        if self.friendly is not None:
            prepay.update(self._friendly_attributes(now))

    def _friendly_attributes(self, now: datetime) -> dict[int, Any]:
        """Friendly Credit Warning, Remaining Friendly Credit Time, Next Friendly Credit
        Period and Prepayment Alarm Status, consistent with the friendly-credit calendar
        the Calendar server publishes and with the account."""
        assert self.friendly is not None
        phase = self._friendly_at(now)
        assert phase is not None
        acct = self.account
        left = max(0, int((phase.until - now).total_seconds() // 60)) if phase.on else 0
        alarms = 0
        if CreditStatus.LOW_CREDIT in acct.status():
            alarms |= PrepaymentAlarmStatus.LOW_CREDIT_WARNING
        if acct.emergency == EmergencyCredit.AVAILABLE:
            alarms |= PrepaymentAlarmStatus.EC_AVAILABLE
        if acct.on_friendly_credit:
            alarms |= PrepaymentAlarmStatus.FRIENDLY_CREDIT_IN_USE
            if left <= self.friendly.warning_minutes:
                alarms |= PrepaymentAlarmStatus.FRIENDLY_CREDIT_PERIOD_END_WARNING
        if not acct.supply_on:
            alarms |= PrepaymentAlarmStatus.DISCONNECTED_SUPPLY_DUE_TO_CREDIT
        return attributes(
            Prepayment,
            friendly_credit_warning=self.friendly.warning_minutes,
            remaining_friendly_credit_time=left,
            next_friendly_credit_period=(utc_seconds(phase.next_start)
                                         if phase.next_start is not None else 0),
            prepayment_alarm_status=alarms)

    def _send_due_reports(self, node: EmulatedNode, endpoint_id: int, cluster_id: int,
                          now: datetime, *, force: bool = False) -> None:
        server = node.server(endpoint_id, cluster_id)
        if not server.reporting:
            return
        sim_now = now.timestamp()
        due = []
        for attr_id, config in server.reporting.items():
            value = server.attributes.get(attr_id)
            since = None if config.last_sent_at is None else sim_now - config.last_sent_at
            changed = value != config.last_sent_value
            if (force or since is None or (changed and since >= config.min_interval_s)
                    or (config.max_interval_s not in (0, 0xFFFF)
                        and since >= config.max_interval_s)):
                due.append(attr_id)
                config.last_sent_value = value
                config.last_sent_at = sim_now
        if due:
            node.report_attributes(endpoint_id, cluster_id, due)

    # -- Price ----------------------------------------------------------------------

    def _price_fields(self, tariff: TouTariff, at: datetime, *, scheduled: bool) -> dict[str, Any]:
        band = tariff.band_at(at)
        start, end = tariff.band_window(at)
        fields: dict[str, Any] = {
            "provider_id": PROVIDER_ID,
            "rate_label": band.label.encode(),
            "issuer_event_id": self._price_event_id(start),
            "current_time": utc_seconds(self.clock.now()),
            "unit_of_measure": 0x00,
            "currency": GBP_NUMERIC,
            "price_trailing_digit_and_price_tier": 0x50 | (band.tier & 0x0F),
            "number_of_price_tiers_and_register_tier": (len(tariff.tiers()) << 4)
                                                       | (band.tier & 0x0F),
            "start_time": utc_seconds(start) if scheduled else 0,
            "duration_in_minutes": int((end - start).total_seconds() // 60),
            # The price of the next kWh (its block) for the window in force now.
            "price": (self.tariff.price_at(at, self._used_today_kwh())
                      if tariff is self.tariff and start <= self.clock.now() < end
                      else band.price_milli_pence),
            # GB ESMEs may append 19 octets after Price that mean nothing (GBCS, as the
            # DCC's gbcs-parser notes); ours are zeros, which a reader that took them
            # for SE 1.2 fields would show as a £0.00 export price.
            **{name: 0 for name in _GB_MEANINGLESS_FIELDS},
        }
        if not scheduled:
            fields["start_time"] = utc_seconds(start)
        return fields

    def _price_event_id(self, window_start: datetime) -> int:
        """One Issuer Event ID per price event: each window of each tariff version has
        its own, the same every time that event is published again, and a newer version
        has larger ones (SE: a larger ID is a newer event). Version in the top byte,
        the window's start in minutes since 2000 below."""
        minutes = utc_seconds(window_start) // 60
        return ((0x10 + self._tariff_version) & 0xFF) << 24 | (minutes & 0xFFFFFF)

    def _tariff_for(self, node: EmulatedNode) -> TouTariff:
        return self.tariff if node is self.esme else self.gas_tariff

    def _publish_price_unsolicited(self, now: datetime) -> None:
        for node in (self.esme, self.hub):
            server = node.server(1, Price.cluster_id)
            if server.bound:
                node.send_command(1, 1, Price.cluster_id, "publish_price",
                                  self._price_fields(self._tariff_for(node), now,
                                                     scheduled=False))

    def _on_price_command(self, node: EmulatedNode, endpoint: EmulatedEndpoint,
                          hdr: foundation.ZCLHeader, args: Any) -> None:
        now = self.clock.now()
        tariff = self._tariff_for(node)
        if hdr.command_id == Price.ServerCommandDefs.get_current_price.id:
            node.send_command(endpoint.endpoint_id, 1, Price.cluster_id, "publish_price",
                              self._price_fields(tariff, now, scheduled=False), tsn=hdr.tsn)
        elif hdr.command_id == Price.ServerCommandDefs.get_scheduled_prices.id:
            # The price in force at the start time, then the ones after it.
            at = max(now, UTC_EPOCH_2000 + timedelta(seconds=int(args.start_time)))
            count = int(args.number_of_events) or 4
            for _ in range(min(count, 8)):
                node.send_command(endpoint.endpoint_id, 1, Price.cluster_id, "publish_price",
                                  self._price_fields(tariff, at, scheduled=True), tsn=hdr.tsn)
                _, at = tariff.band_window(at)
        elif (node is self.esme and self.tariff.block_threshold_kwh is not None
              and hdr.command_id in (_BLOCK_PERIOD, _BLOCK_THRESHOLDS)):
            self._send_blocks(node, endpoint, hdr, now)
        elif self.billing is not None and node is self.esme and hdr.command_id in (
                _BILLING_PERIOD, _CREDIT_PAYMENT, _CONSOLIDATED_BILL):
            self._send_billing(node, endpoint, hdr, now)
        else:
            node.default_response(endpoint, 1, Price.cluster_id, hdr)

    def _send_blocks(self, node: EmulatedNode, endpoint: EmulatedEndpoint,
                     hdr: foundation.ZCLHeader, now: datetime) -> None:
        """The day's block period (repeating) and the block threshold, as commands."""
        assert self.tariff.block_threshold_kwh is not None
        midnight = now.astimezone(LOCAL).replace(hour=0, minute=0, second=0, microsecond=0)
        ids = {"provider_id": PROVIDER_ID, "issuer_event_id": self._issuer_event_id}
        if hdr.command_id == _BLOCK_PERIOD:
            node.send_command(endpoint.endpoint_id, 1, Price.cluster_id, "publish_block_period", {
                **ids, "block_period_start_time": utc_seconds(midnight),
                "block_period_duration": 24 * 60, "block_period_control": 0x02,  # repeating
                "block_period_duration_type": 0x00,  # minutes
                "tariff_type": 0x00, "tariff_resolution_period": 0x01}, tsn=hdr.tsn)
        else:
            node.send_command(endpoint.endpoint_id, 1, Price.cluster_id,
                              "publish_block_thresholds", {
                                  **ids, "start_time": utc_seconds(midnight),
                                  "issuer_tariff_id": 1, "command_index": 0,
                                  "total_number_of_commands": 1,
                                  "sub_payload_control": 0x01,  # the same for every tier
                                  "thresholds": [(0, [self.tariff.block_threshold_kwh * 1000])]},
                              tsn=hdr.tsn)

    def _send_billing(self, node: EmulatedNode, endpoint: EmulatedEndpoint,
                      hdr: foundation.ZCLHeader, now: datetime) -> None:
        """A credit meter's billing period, last payment and consolidated bill."""
        billing = self.billing
        assert billing is not None
        billing.roll(now)
        period = {"provider_id": PROVIDER_ID, "issuer_event_id": self._issuer_event_id,
                  "billing_period_start_time": utc_seconds(billing.period_start),
                  "billing_period_duration": 1,
                  "billing_period_duration_type": 0x03,  # months
                  "tariff_type": 0x00}  # delivered
        ep, tsn = endpoint.endpoint_id, hdr.tsn
        if hdr.command_id == _BILLING_PERIOD:
            node.send_command(ep, 1, Price.cluster_id, "publish_billing_period", period,
                              tsn=tsn)
        elif hdr.command_id == _CONSOLIDATED_BILL:
            node.send_command(ep, 1, Price.cluster_id, "publish_consolidated_bill", {
                **period, "consolidated_bill": billing.consolidated_pence,
                "currency": GBP_NUMERIC, "bill_trailing_digit": 0x20}, tsn=tsn)
        else:
            node.send_command(ep, 1, Price.cluster_id, "publish_credit_payment", {
                "provider_id": PROVIDER_ID, "issuer_event_id": self._issuer_event_id,
                "credit_payment_due_date": utc_seconds(billing.payment_due(now)),
                "credit_payment_overdue_amount": 0, "credit_payment_status": 0x01,
                "credit_payment": MONTHLY_PAYMENT_PENCE,
                "credit_payment_date": utc_seconds(billing.last_payment_at(now)),
                "credit_payment_ref": b"DD 4471-0923"}, tsn=tsn)

    # -- Prepayment -----------------------------------------------------------------

    def _on_prepayment_command(self, node: EmulatedNode, endpoint: EmulatedEndpoint,
                               hdr: foundation.ZCLHeader, args: Any) -> None:
        now = self.clock.now()
        if hdr.command_id == Prepayment.ServerCommandDefs.consumer_top_up.id:
            code = bytes(args.top_up_code).decode("ascii", errors="replace")
            result, value = self.account.top_up(code, now)
            self._refresh_attributes(now)
            node.send_command(endpoint.endpoint_id, 1, Prepayment.cluster_id,
                              "consumer_top_up_response", {
                                  "result_type": int(result),
                                  "top_up_value": value,
                                  "source_of_top_up": int(args.originating_device),
                                  "credit_remaining": self.account.credit_pence,
                              }, tsn=hdr.tsn)
            if result in _ACCEPTED:
                self._publish_prepay_snapshot(node, endpoint.endpoint_id, now)
        elif hdr.command_id == Prepayment.ServerCommandDefs.select_available_emergency_credit.id:
            ok = self.account.select_emergency_credit()
            self._refresh_attributes(now)
            node.default_response(endpoint, 1, Prepayment.cluster_id, hdr,
                                  foundation.Status.SUCCESS if ok
                                  else foundation.Status.FAILURE)
            if ok:
                self._send_due_reports(self.esme, 1, Prepayment.cluster_id, now, force=True)
        else:
            node.default_response(endpoint, 1, Prepayment.cluster_id, hdr,
                                  foundation.Status.UNSUP_CLUSTER_COMMAND)

    def _publish_prepay_snapshot(self, node: EmulatedNode, endpoint_id: int,
                                 now: datetime) -> None:
        """After a top-up: a Debt/Credit Status snapshot, cause "top-up addition"."""
        acct = self.account
        payload = struct.pack("<iIIIii", acct.debt_pence, acct.debt_pence, 0, 0,
                              acct.emergency_remaining_pence, acct.credit_pence)
        self._snapshot_id += 1
        node.send_command(endpoint_id, 1, Prepayment.cluster_id, "publish_prepay_snapshot", {
            "snapshot_id": self._snapshot_id, "snapshot_time": utc_seconds(now),
            "total_snapshots_found": 1, "command_index": 0, "total_number_of_commands": 1,
            "snapshot_cause": 1 << 18, "snapshot_payload_type": 0,
            "snapshot_payload": payload,
        }, disable_default_response=True)  # GBCS: sent without a default response

    # -- Demo scenarios (trial sites): change the truth; the wire follows ------------

    def set_credit(self, credit_pence: int, *, emergency_used_pence: int = 0) -> None:
        """Put the account where a scenario wants it (low credit, emergency credit)."""
        acct = self.account
        acct.credit_pence = credit_pence
        acct.emergency_used_pence = emergency_used_pence
        if emergency_used_pence:
            acct.emergency = EmergencyCredit.SELECTED
        acct._update_emergency_offer()
        self._refresh_attributes(self.clock.now())
        self._send_due_reports(self.esme, 1, Prepayment.cluster_id, self.clock.now(), force=True)

    def change_prices(self, percent: int) -> None:
        """Every unit rate up (or down) by `percent`, published as a new price event."""
        self.tariff = replace(self.tariff, bands=tuple(
            replace(b, price_milli_pence=b.price_milli_pence * (100 + percent) // 100)
            for b in self.tariff.bands))
        self._tariff_version += 1
        self._refresh_attributes(self.clock.now())
        self._publish_price_unsolicited(self.clock.now())

    def publish_calorific_value(self, tenths_mj_per_m3: int) -> None:
        """A new gas calorific value (GB: monthly), published by the comms hub."""
        self._issuer_event_id += 1
        server = self.hub.server(1, Price.cluster_id)
        server.attributes.update(attributes(Price, calorific_value=tenths_mj_per_m3))
        if server.bound:
            self.hub.send_command(1, 1, Price.cluster_id, "publish_calorific_value", {
                "issuer_event_id": self._issuer_event_id,
                "start_time": 0,  # now
                "calorific_value": tenths_mj_per_m3,
                "calorific_value_unit": 0x01,  # MJ/m³
                "calorific_value_trailing_digit": 0x10})

    def send_message_now(self) -> None:
        """The next supplier message, at once rather than hours from now."""
        self._send_next_message(self.clock.now())

    def announce_change_of_supplier(self, effective: datetime, *, provider_id: int,
                                    name: str, contact: str) -> None:
        """A new supplier from `effective`, as the comms hub announces it."""
        self._issuer_event_id += 1
        self._next_supplier = (provider_id, name.encode()[:16], contact.encode()[:19],
                               effective)
        server = self.hub.server(1, DeviceManagement.cluster_id)
        server.attributes.update(attributes(
            DeviceManagement, proposed_provider_id=provider_id,
            proposed_provider_name=name.encode()[:16],
            proposed_provider_change_date_time=utc_seconds(effective),
            proposed_provider_change_control=0))
        if server.bound:
            self._send_change_of_supplier(1, None)

    def _send_change_of_supplier(self, endpoint_id: int, tsn: int | None) -> None:
        assert self._next_supplier is not None
        provider_id, name, contact, effective = self._next_supplier
        self.hub.send_command(endpoint_id, 1, DeviceManagement.cluster_id,
                              "publish_change_of_supplier", {
                                  "current_provider_id": SUPPLIER_ID,
                                  "issuer_event_id": self._issuer_event_id, "tariff_type": 0,
                                  "proposed_provider_id": provider_id,
                                  "provider_change_implementation_time": utc_seconds(effective),
                                  "provider_change_control": 0,
                                  "proposed_provider_name": name,
                                  "proposed_provider_contact_details": contact}, tsn=tsn)

    def _on_device_management_command(self, node: EmulatedNode, endpoint: EmulatedEndpoint,
                                      hdr: foundation.ZCLHeader, args: Any) -> None:
        if (hdr.command_id == DeviceManagement.ServerCommandDefs.get_change_of_supplier.id
                and self._next_supplier is not None):
            self._send_change_of_supplier(endpoint.endpoint_id, hdr.tsn)
        else:  # no change announced (or a request this hub does not serve)
            node.default_response(endpoint, 1, DeviceManagement.cluster_id, hdr,
                                  foundation.Status.NOT_FOUND)

    def announce_change_of_tenancy(self, effective: datetime, control: int) -> None:
        """The supplier's change of tenancy, as the comms hub publishes it."""
        self._issuer_event_id += 1
        server = self.hub.server(1, DeviceManagement.cluster_id)
        server.attributes.update(attributes(
            DeviceManagement, change_of_tenancy_update_date_time=utc_seconds(effective),
            proposed_tenancy_change_control=control))
        if server.bound:
            self.hub.send_command(1, 1, DeviceManagement.cluster_id, "publish_change_of_tenancy", {
                "provider_id": SUPPLIER_ID, "issuer_event_id": self._issuer_event_id,
                "tariff_type": 0x00, "implementation_date_time": utc_seconds(effective),
                "proposed_tenancy_change_control": control})

    # -- Messaging ------------------------------------------------------------------

    def _send_next_message(self, now: datetime) -> None:
        text, importance, confirm = SUPPLIER_MESSAGES[self._message_counter
                                                      % len(SUPPLIER_MESSAGES)]
        self._message_counter += 1
        message = _Message(message_id=0x100 + self._message_counter, text=text,
                           importance=importance, confirm=confirm, start=now)
        self.state.messages.append(message)
        self._next_message_at = now + timedelta(hours=self.rng.uniform(3, 8))
        server = self.esme.server(1, Messaging.cluster_id)
        if server.bound:
            self._send_display_message(self.esme, 1, message)

    def _send_display_message(self, node: EmulatedNode, endpoint_id: int, message: _Message,
                              tsn: int | None = None) -> None:
        control = (message.importance & 0x3) << 2
        if message.confirm:
            control |= 0x80
        node.send_command(endpoint_id, 1, Messaging.cluster_id, "display_message", {
            "message_id": message.message_id,
            "message_control": control,
            "start_time": 0,
            "duration_in_minutes": 0xFFFF,
            "message": message.text,
            "extended_message_control": 0x01 if message.confirmed_at else 0x00,
        }, tsn=tsn)

    def _on_messaging_command(self, node: EmulatedNode, endpoint: EmulatedEndpoint,
                              hdr: foundation.ZCLHeader, args: Any) -> None:
        if hdr.command_id == Messaging.ServerCommandDefs.get_last_message.id:
            if self.state.messages:
                self._send_display_message(node, endpoint.endpoint_id, self.state.messages[-1],
                                           tsn=hdr.tsn)
            else:
                node.default_response(endpoint, 1, Messaging.cluster_id, hdr,
                                      foundation.Status.NOT_FOUND)
        elif hdr.command_id == Messaging.ServerCommandDefs.message_confirmation.id:
            for message in self.state.messages:
                if message.message_id == int(args.message_id):
                    message.confirmed_at = self.clock.now()
                    node.default_response(endpoint, 1, Messaging.cluster_id, hdr)
                    return
            node.default_response(endpoint, 1, Messaging.cluster_id, hdr,
                                  foundation.Status.NOT_FOUND)
        else:
            node.default_response(endpoint, 1, Messaging.cluster_id, hdr,
                                  foundation.Status.UNSUP_CLUSTER_COMMAND)

    # -- Metering commands: interval data for backfill -------------------------------

    def _on_metering_command(self, node: EmulatedNode, endpoint: EmulatedEndpoint,
                             hdr: foundation.ZCLHeader, args: Any) -> None:
        if hdr.command_id != Metering.commands_by_name["get_profile"].id:
            node.default_response(endpoint, 1, Metering.cluster_id, hdr,
                                  foundation.Status.UNSUP_CLUSTER_COMMAND)
            return
        gas = node is self.hub
        now = self.clock.now()
        end = (UTC_EPOCH_2000 + timedelta(seconds=int(args.end_time))
               if int(args.end_time) else now)
        end = min(end, now)
        end = end.replace(minute=0 if end.minute < 30 else 30, second=0, microsecond=0)
        periods = min(int(args.number_of_periods), 24)  # what fits in one frame
        intervals = []
        for n in range(periods):  # most recent first
            stop = end - timedelta(minutes=30 * n)
            start = stop - timedelta(minutes=30)
            if gas:
                kwh, _ = integrate(gas_kw, self.profile, start, stop, step_s=60)
                intervals.append(round(kwh * GAS_M3_PER_KWH * 1000))
            else:
                kwh, _ = integrate(electricity_kw, self.profile, start, stop, step_s=60)
                intervals.append(round(kwh * 1000))
        node.send_command(endpoint.endpoint_id, 1, Metering.cluster_id, "get_profile_response", {
            "end_time": utc_seconds(end),
            "status": 0 if int(args.interval_channel) == 0 else 2,
            "profile_interval_period": 2,  # 30 minutes
            "number_of_periods_delivered": len(intervals),
            "intervals": intervals,
        }, tsn=hdr.tsn)
