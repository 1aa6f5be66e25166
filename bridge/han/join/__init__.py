"""Joining a meter's Smart Energy network as a device, and CBKE key establishment.

- `install_code`: install code → preconfigured link key (zigpy's AES-MMO hash).
- `ke_frames`: Key Establishment cluster (0x0800) frames, byte for byte.
- `certificates`: CBKE suites (163k1, 283k1) and the certificate fields the host reads.
- `ncp.SeNcp`: the EZSP commands a joining SE device needs, over bellows' `EZSP`.
- `session.JoinSession`: searching → joining → authenticating → connected / failed.

Use:

    ncp = await SeNcp.open({"path": "/dev/ttyUSB0"})   # or probe_sticks()' device_config
    result = await JoinSession(ncp, install_code, on_status=publish).run()
    await ncp.close()

Hand-over to `bridge.han.client.HanClient`: once joined, the NCP keeps the network and
the CBKE link key in its NVM; the HAN client then needs a zigpy ControllerApplication on
the same stick (`with_smart_energy(bellows.zigbee.application.ControllerApplication)`,
started with `auto_form=False`, an SE endpoint (profile 0x0109) added with
`app.add_endpoint` before start-up, and the trust centre added as a device at NWK 0x0000
so `find_meters` sees it). bellows 1.2.1 refuses that step — its `load_network_info`
accepts only a coordinator NCP — and `tests/bridge/han/join/test_han_client_attach.py`
pins exactly where. See docs/hardware.md for the upstream change this needs.
"""
