// bench/node/list_calls.js — the official SignalWire Node SDK listing every call, for bench/list_end_to_end.sh.
//
//   node bench/node/list_calls.js HOST:PORT PROJECT TOKEN PAGE_SIZE
//
// @signalwire/compatibility-api's RestClient, client.calls.each({pageSize}) — the SDK's own paging through
// next_page_uri — touching each call's sid; prints the count. TLS is verified against NODE_EXTRA_CA_CERTS.
'use strict';

const { RestClient } = require('@signalwire/compatibility-api');

const [host, project, token, pageSize] = process.argv.slice(2);
if (!host || !project || !token || !pageSize) {
    console.error('usage: node list_calls.js HOST:PORT PROJECT TOKEN PAGE_SIZE');
    process.exit(1);
}

const client = RestClient(project, token, { signalwireSpaceUrl: host });
let count = 0;
let sidBytes = 0;
client.calls.each(
    {
        pageSize: Number(pageSize),
        done: (error) => {
            if (error) {
                console.error(`list_calls.js: ${error.message || error}`);
                process.exit(1);
            }
            console.log(`${count} calls (${sidBytes} bytes of sids)`);
        },
    },
    (call) => {
        count += 1;
        sidBytes += call.sid.length;
    },
);
