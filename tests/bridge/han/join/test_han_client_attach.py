"""Where the joined stick meets the HAN client: bellows' own application still refuses it.

`bridge.han.client.HanClient` takes any zigpy ControllerApplication built with
`with_smart_energy`. bellows' ControllerApplication (as of 1.2.1) only runs an NCP that is
the *coordinator* of its network: its `load_network_info` raises NetworkNotFormed for any
other node type. A stick that has joined a meter's network is an end device (or router), so
the HAN client runs on our own `bridge.han.join.device_app.EzspDeviceApplication` instead
(tests in test_device_app.py). This test pins bellows' refusal against the scripted NCP: the
day bellows accepts a device role (upstream proposal in docs/hardware.md) it fails, and
EzspDeviceApplication can be weighed against bellows' own.
"""

import pytest
import zigpy.exceptions
from bellows.zigbee.application import ControllerApplication

from bridge.han.join.ncp import SeNcp
from bridge.han.join.session import JoinSession
from bridge.han.se_profile import with_smart_energy
from tests.bridge.han.join.ezsp_peer import EzspPeer, MeterScript
from tests.bridge.han.join.test_session import FAST, INSTALL_CODE, LINK_KEY


async def test_bellows_refuses_to_run_a_stick_joined_as_a_device():
    async with EzspPeer(MeterScript(link_key=LINK_KEY)) as peer:
        ncp = await SeNcp.open({"path": peer.path})
        try:
            result = await JoinSession(ncp, INSTALL_CODE, timeouts=FAST).run()
        finally:
            await ncp.close()
        assert result.connected

        app_class = with_smart_energy(ControllerApplication)
        app = app_class({"device": {"path": peer.path}, "database_path": None,
                         "use_thread": False})
        try:
            with pytest.raises(zigpy.exceptions.NetworkNotFormed,
                               match="not configured as coordinator"):
                await app.startup(auto_form=False)
        finally:
            await app.shutdown()
        # It got as far as reading the joined network's parameters.
        assert "getNetworkParameters" in peer.names()
