-- What the write paths share: each wrk thread takes its own members (every member is used once), every request
-- carries the command line's headers (the bearer token), and the threads' counters are summed at the end.
-- Loaded by referral.lua and ecm-case.lua. Environment: CAREHUB_LOAD_MEMBERS_FILE (one member id a line),
-- CAREHUB_LOAD_THREADS (wrk's -t).
local threads = {}
local counter = 1

function setup(thread)
   thread:set("id", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

-- This thread's members: the threads take alternate lines of the file, so no member is used twice.
function own_members()
   local all = {}
   for line in io.lines(os.getenv("CAREHUB_LOAD_MEMBERS_FILE")) do
      table.insert(all, line)
   end
   local mine, n = {}, 0
   for i = id, #all, tonumber(os.getenv("CAREHUB_LOAD_THREADS") or "2") do
      n = n + 1
      mine[n] = all[i]
   end
   return mine
end

-- wrk.format sends only the headers it is given (and Host), so the command line's -H headers (the bearer token)
-- are added to each request's own.
function headers(own)
   local all = {}
   for k, v in pairs(wrk.headers) do
      all[k] = v
   end
   for k, v in pairs(own) do
      all[k] = v
   end
   return all
end

-- The sum over the threads of each counter named.
function totals(...)
   local sums = {}
   for _, name in ipairs({ ... }) do
      local sum = 0
      for _, thread in ipairs(threads) do
         sum = sum + thread:get(name)
      end
      table.insert(sums, sum)
   end
   return unpack(sums)
end
