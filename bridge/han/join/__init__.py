"""Joining a meter's Smart Energy network as a device, and CBKE key establishment.

- `install_code`: install code → preconfigured link key (zigpy's AES-MMO hash).
- `ke_frames`: Key Establishment cluster (0x0800) frames, byte for byte.
- `certificates`: CBKE suites (163k1, 283k1) and the certificate fields the host reads.
- `ncp.SeNcp`: the EZSP commands a joining SE device needs, over bellows' `EZSP`.
- `session.JoinSession`: searching → joining → authenticating → connected / failed.
- `device_app.EzspDeviceApplication`: zigpy on the joined stick, for the HAN client.

Use:

    ncp = await SeNcp.open({"path": "/dev/ttyUSB0"})   # or probe_sticks()' device_config
    result = await JoinSession(ncp, install_code, on_status=publish).run()
    source = JoinedStickSource({"path": "/dev/ttyUSB0"}, ncp=ncp,
                               trust_centre_ieee=result.meter_certificate.subject_eui64)
    await source.start()   # bridge.sources.joined_stick: HanClient on the joined stick

Hand-over to `bridge.han.client.HanClient`: once joined, the NCP keeps the network and
the CBKE link key in its NVM. bellows 1.2.1's ControllerApplication accepts only a
coordinator NCP (pinned by tests/bridge/han/join/test_han_client_attach.py), so the HAN
client runs on `EzspDeviceApplication` instead; see docs/hardware.md.
"""
