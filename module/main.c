// SPDX-License-Identifier: GPL-2.0
/*
 * vxdp: module init and the life of a pair (rtnl_link_ops).
 *
 * Creating one device creates both: the peer is described by the nested
 * VXDP_INFO_PEER attribute (struct ifinfomsg + IFLA_* attributes, the layout
 * of veth's VETH_INFO_PEER), registered first, and the two are tied together
 * once both exist. Deleting either side deletes both.
 */
#include <linux/module.h>
#include <linux/etherdevice.h>
#include <linux/log2.h>
#include <linux/stringify.h>
#include <net/rtnetlink.h>

#include "vxdp.h"

static struct rtnl_link_ops vxdp_link_ops;

static const struct nla_policy vxdp_policy[VXDP_INFO_MAX + 1] = {
	[VXDP_INFO_PEER]	= { .len = sizeof(struct ifinfomsg) },
	[VXDP_INFO_RING_SIZE]	= { .type = NLA_U32 },
	[VXDP_INFO_XDP_MAX_MTU]	= { .type = NLA_REJECT },
};

#define VXDP_QUEUES_RANGE "between 1 and " __stringify(VXDP_MAX_QUEUES)

static int vxdp_check_queues(struct nlattr *tb[], bool peer,
			     struct netlink_ext_ack *extack)
{
	u32 n;

	if (tb[IFLA_NUM_TX_QUEUES]) {
		n = nla_get_u32(tb[IFLA_NUM_TX_QUEUES]);
		if (n < 1 || n > VXDP_MAX_QUEUES) {
			if (peer)
				NL_SET_ERR_MSG_MOD(extack, "peer numtxqueues must be "
						   VXDP_QUEUES_RANGE);
			else
				NL_SET_ERR_MSG_MOD(extack, "numtxqueues must be "
						   VXDP_QUEUES_RANGE);
			return -EINVAL;
		}
	}
	if (tb[IFLA_NUM_RX_QUEUES]) {
		n = nla_get_u32(tb[IFLA_NUM_RX_QUEUES]);
		if (n < 1 || n > VXDP_MAX_QUEUES) {
			if (peer)
				NL_SET_ERR_MSG_MOD(extack, "peer numrxqueues must be "
						   VXDP_QUEUES_RANGE);
			else
				NL_SET_ERR_MSG_MOD(extack, "numrxqueues must be "
						   VXDP_QUEUES_RANGE);
			return -EINVAL;
		}
	}
	return 0;
}

static int vxdp_check_addr(struct nlattr *tb[], struct netlink_ext_ack *extack)
{
	if (!tb[IFLA_ADDRESS])
		return 0;
	if (nla_len(tb[IFLA_ADDRESS]) != ETH_ALEN) {
		NL_SET_ERR_MSG_MOD(extack, "MAC address must be 6 bytes");
		return -EINVAL;
	}
	if (!is_valid_ether_addr(nla_data(tb[IFLA_ADDRESS]))) {
		NL_SET_ERR_MSG_MOD(extack, "MAC address must be unicast and non-zero");
		return -EADDRNOTAVAIL;
	}
	return 0;
}

/*
 * The core validates the peer's attributes with its own policy, whose
 * complaint about a long name is only "Attribute failed policy validation";
 * look for that case first to say what is wrong.
 */
static int vxdp_parse_peer(struct nlattr *peer_tb[], const struct nlattr *nla,
			   struct netlink_ext_ack *extack)
{
	const int hdrlen = NLMSG_ALIGN(sizeof(struct ifinfomsg));
	const struct nlattr *name;
	int err;

	if (nla_len(nla) >= hdrlen) {
		name = nla_find((const struct nlattr *)((const char *)nla_data(nla) + hdrlen),
				nla_len(nla) - hdrlen, IFLA_IFNAME);
		if (name && strnlen(nla_data(name), nla_len(name)) >= IFNAMSIZ) {
			NL_SET_ERR_MSG_MOD(extack, "peer name too long");
			return -ENAMETOOLONG;
		}
	}

	err = rtnl_nla_parse_ifinfomsg(peer_tb, nla, extack);
	if (err < 0)
		return err;
	err = vxdp_check_addr(peer_tb, extack);
	return err ?: vxdp_check_queues(peer_tb, true, extack);
}

static int vxdp_validate(struct nlattr *tb[], struct nlattr *data[],
			 struct netlink_ext_ack *extack)
{
	struct nlattr *peer_tb[IFLA_MAX + 1];
	int err = vxdp_check_addr(tb, extack);

	if (err)
		return err;
	if (data && data[VXDP_INFO_RING_SIZE]) {
		u32 size = nla_get_u32(data[VXDP_INFO_RING_SIZE]);

		if (size < VXDP_MIN_RING_SIZE || size > VXDP_MAX_RING_SIZE ||
		    !is_power_of_2(size)) {
			NL_SET_ERR_MSG_ATTR(extack, data[VXDP_INFO_RING_SIZE],
					    "ring size must be a power of 2 from "
					    __stringify(VXDP_MIN_RING_SIZE) " to "
					    __stringify(VXDP_MAX_RING_SIZE));
			return -EINVAL;
		}
	}
	err = vxdp_check_queues(tb, false, extack);
	if (err || !data || !data[VXDP_INFO_PEER])
		return err;

	/*
	 * The peer's attributes too, here, so that their errors name the
	 * peer: since 6.15 the core validates the peer by calling this with
	 * the peer's attributes and no data, where nothing tells them apart.
	 */
	return vxdp_parse_peer(peer_tb, data[VXDP_INFO_PEER], extack);
}

/*
 * @peer_net is the peer's netns when the core resolved it (6.15+), else
 * NULL and it comes from the peer's IFLA_NET_NS_* attributes: see compat.h.
 */
static int __vxdp_newlink(struct net_device *dev, struct net *src_net,
			  struct net *peer_net, struct nlattr *tb[],
			  struct nlattr *data[], struct netlink_ext_ack *extack)
{
	struct nlattr *peer_tb[IFLA_MAX + 1], **tbp = tb;
	struct ifinfomsg *ifmp = NULL;
	unsigned char name_assign_type;
	struct vxdp_priv *priv;
	char ifname[IFNAMSIZ];
	struct net_device *peer;
	struct net *net;
	int err;

	if (data && data[VXDP_INFO_PEER]) {
		ifmp = nla_data(data[VXDP_INFO_PEER]);
		err = vxdp_parse_peer(peer_tb, data[VXDP_INFO_PEER], extack);
		if (err < 0)
			return err;
		tbp = peer_tb;
	}

	if (ifmp && tbp[IFLA_IFNAME]) {
		nla_strscpy(ifname, tbp[IFLA_IFNAME], IFNAMSIZ);
		name_assign_type = NET_NAME_USER;
	} else {
		snprintf(ifname, IFNAMSIZ, VXDP_DRV_NAME "%%d");
		name_assign_type = NET_NAME_ENUM;
	}

	net = vxdp_get_peer_net(src_net, peer_net, tbp);
	if (IS_ERR(net))
		return PTR_ERR(net);
	/*
	 * Only into a netns the requester administers, as the core checks
	 * for the device's own (rtnl_link_get_net_capable()) but, before
	 * 6.15, not for a peer's: else a user namespace's root could put a
	 * peer into the initial netns by IFLA_NET_NS_PID 1.
	 */
	if (!ns_capable(net->user_ns, CAP_NET_ADMIN)) {
		NL_SET_ERR_MSG_MOD(extack, "no CAP_NET_ADMIN in the peer's netns");
		err = -EPERM;
		goto err_put_net;
	}

	if (name_assign_type == NET_NAME_USER) {
		err = -EEXIST;
		if (net_eq(net, dev_net(dev)) && tb[IFLA_IFNAME] &&
		    !nla_strcmp(tb[IFLA_IFNAME], ifname)) {
			NL_SET_ERR_MSG_MOD(extack, "peer name equals device name");
			goto err_put_net;
		}
		if (__dev_get_by_name(net, ifname)) {
			NL_SET_ERR_MSG_MOD(extack, "peer name already in use");
			goto err_put_net;
		}
	}

	peer = rtnl_create_link(net, ifname, name_assign_type, &vxdp_link_ops,
				tbp, extack);
	if (IS_ERR(peer)) {
		err = PTR_ERR(peer);
		goto err_put_net;
	}

	if (!tbp[IFLA_ADDRESS])
		eth_hw_addr_random(peer);
	if (ifmp && dev->ifindex)
		peer->ifindex = ifmp->ifi_index;

	err = register_netdevice(peer);
	put_net(net);
	net = NULL;
	if (err < 0)
		goto err_register_peer;

	netif_carrier_off(peer);

	err = rtnl_configure_link(peer, ifmp, 0, NULL);
	if (err < 0)
		goto err_configure_peer;

	if (!tb[IFLA_ADDRESS])
		eth_hw_addr_random(dev);
	if (tb[IFLA_IFNAME])
		nla_strscpy(dev->name, tb[IFLA_IFNAME], IFNAMSIZ);
	else
		snprintf(dev->name, IFNAMSIZ, VXDP_DRV_NAME "%%d");

	err = register_netdevice(dev);
	if (err < 0)
		goto err_register_dev;

	netif_carrier_off(dev);

	priv = netdev_priv(dev);
	rcu_assign_pointer(priv->peer, peer);
	if (data && data[VXDP_INFO_RING_SIZE])
		priv->ring_size = nla_get_u32(data[VXDP_INFO_RING_SIZE]);
	priv = netdev_priv(peer);
	rcu_assign_pointer(priv->peer, dev);
	if (data && data[VXDP_INFO_RING_SIZE])
		priv->ring_size = nla_get_u32(data[VXDP_INFO_RING_SIZE]);
	return 0;

err_register_dev:
	/* nothing to do */
err_configure_peer:
	unregister_netdevice(peer);
	return err;

err_register_peer:
	free_netdev(peer);
	return err;

err_put_net:
	put_net(net);
	return err;
}

VXDP_DEFINE_NEWLINK(vxdp_newlink, __vxdp_newlink)

static void vxdp_dellink(struct net_device *dev, struct list_head *head)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	struct net_device *peer = rtnl_dereference(priv->peer);

	/*
	 * dellink() may run from default_device_exit_batch() before an RCU
	 * grace period; both devices stay allocated until one has passed.
	 */
	RCU_INIT_POINTER(priv->peer, NULL);
	unregister_netdevice_queue(dev, head);
	if (peer) {
		priv = netdev_priv(peer);
		RCU_INIT_POINTER(priv->peer, NULL);
		unregister_netdevice_queue(peer, head);
	}
}

static struct net *vxdp_get_link_net(const struct net_device *dev)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	struct net_device *peer = rtnl_dereference(priv->peer);

	return peer ? dev_net(peer) : dev_net(dev);
}

static size_t vxdp_get_size(const struct net_device *dev)
{
	return nla_total_size(sizeof(u32)) +	/* VXDP_INFO_RING_SIZE */
	       nla_total_size(sizeof(u32));	/* VXDP_INFO_XDP_MAX_MTU */
}

static int vxdp_fill_info(struct sk_buff *skb, const struct net_device *dev)
{
	const struct vxdp_priv *priv = netdev_priv(dev);

	if (nla_put_u32(skb, VXDP_INFO_RING_SIZE, priv->ring_size) ||
	    nla_put_u32(skb, VXDP_INFO_XDP_MAX_MTU, VXDP_XDP_MAX_MTU))
		return -EMSGSIZE;
	return 0;
}

#define VXDP_FEATURES (NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_HIGHDMA)

static void vxdp_setup(struct net_device *dev)
{
	ether_setup(dev);

	dev->priv_flags |= IFF_LIVE_ADDR_CHANGE;

	dev->netdev_ops = &vxdp_netdev_ops;
	dev->ethtool_ops = &vxdp_ethtool_ops;
	dev->needs_free_netdev = true;
	dev->priv_destructor = vxdp_rq_free;	/* ndo_init allocated */

	/*
	 * rx offloads (rx_meta.c): RSS hash on, VLAN stripping off; ntuple
	 * rules (rx_steer.c) on, as i40e
	 */
	dev->features |= VXDP_FEATURES | NETIF_F_RXHASH | NETIF_F_NTUPLE;
	dev->hw_features = VXDP_FEATURES | NETIF_F_RXHASH | NETIF_F_NTUPLE |
			   NETIF_F_HW_VLAN_CTAG_RX | NETIF_F_HW_VLAN_STAG_RX;
	dev->vlan_features = VXDP_FEATURES;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = VXDP_MAX_MTU;
	vxdp_set_xdp_features(dev);
	vxdp_set_xdp_metadata_ops(dev);
}

static struct rtnl_link_ops vxdp_link_ops = {
	.kind		= VXDP_DRV_NAME,
	.priv_size	= sizeof(struct vxdp_priv),
	.setup		= vxdp_setup,
	.validate	= vxdp_validate,
	.newlink	= vxdp_newlink,
	VXDP_LINK_OPS_PEER_TYPE(VXDP_INFO_PEER)
	.dellink	= vxdp_dellink,
	.policy		= vxdp_policy,
	.maxtype	= VXDP_INFO_MAX,
	.get_link_net	= vxdp_get_link_net,
	.get_size	= vxdp_get_size,
	.fill_info	= vxdp_fill_info,
};

static int __init vxdp_init(void)
{
	int err;

	vxdp_fault_init();
	err = vxdp_wire_init();
	if (err)
		goto err_fault;
	err = rtnl_link_register(&vxdp_link_ops);
	if (err) {
		vxdp_wire_exit();
		goto err_fault;
	}
	vxdp_rx_source_init();
	vxdp_offload_module_init();
	return 0;

err_fault:
	vxdp_fault_exit();
	return err;
}

static void __exit vxdp_exit(void)
{
	vxdp_offload_module_exit();
	vxdp_rx_source_exit();
	rtnl_link_unregister(&vxdp_link_ops);
	rcu_barrier();	/* offloaded programs freed by RCU (offload_engine.c) */
	vxdp_wire_exit();
	vxdp_fault_exit();
}

module_init(vxdp_init);
module_exit(vxdp_exit);

MODULE_LICENSE("GPL");
MODULE_VERSION(VXDP_VERSION);
MODULE_DESCRIPTION("Virtual NIC pair with an i40e-style native XDP datapath");
MODULE_ALIAS_RTNL_LINK(VXDP_DRV_NAME);
